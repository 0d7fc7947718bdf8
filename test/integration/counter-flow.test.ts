import { describe, it } from 'vitest';
import { useTestApp } from '../helpers/app';
import { runCounterFlow } from '../helpers/desk-flow';

describe('the whole counter flow through the router', () => {
  const testApp = useTestApp();

  it('BR-1 BR-3 REC-2 REC-5 LOG-2 LOG-5: setup → register → reset → SMS → kiosk login → forced change → permissions', async () => {
    await runCounterFlow(testApp());
  });
});
