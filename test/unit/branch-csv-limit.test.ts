import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract';
import { BRANCH_CSV_MAX_CHARS } from '../../shared/contract/reference.contract';
import { fieldMessageFa } from '../../shared/i18n/fa-fields';
import { ManualClock } from '../../src-main/core/clock';
import { startBridge } from '../../src-main/ipc/http-bridge';
import type { Router } from '../../src-main/ipc/router';
import { SessionStore } from '../../src-main/ipc/sessions';
import { toIssues } from '../../src-main/ipc/router';
import { login, post } from '../helpers/bridge-http';

/** Issue 10 item 9: one limit for the branch CSV; the bridge carries any CSV the contract accepts. */
const LINE = '1001,شعبهٔ مرکزی تهران,تهران\n';
const csvOf = (chars: number) => LINE.repeat(Math.ceil(chars / LINE.length)).slice(0, chars);

describe('branch CSV limit (issue 10 item 9)', () => {
  it('a Persian CSV at the contract limit passes the bridge (no 413) and reaches the router', async () => {
    let got = 0;
    const router: Router = {
      has: () => true,
      idleDeadline: () => ({ deadline: null, remainingMs: null }),
      onStaffCall: () => undefined,
      call: (_c, payload) => {
        got = (payload as { csv: string }).csv.length;
        return Promise.resolve({ ok: true, data: {} });
      },
    };
    const bridge = await startBridge({ router, sessions: new SessionStore(), clock: new ManualClock(), staticRoot: null });
    try {
      const cookie = await login(bridge, 'staff');
      const res = await post(bridge.port, '/api/reference:import-branches', { csv: csvOf(BRANCH_CSV_MAX_CHARS) }, { Cookie: cookie });
      expect(res.status).toBe(200);
      expect(got).toBe(BRANCH_CSV_MAX_CHARS);
    } finally {
      await bridge.close();
    }
  });

  it('one character over is refused by the contract with BRANCH_CSV_TOO_LARGE and its own Persian message', () => {
    const r = contract['reference:import-branches'].input.safeParse({ csv: csvOf(BRANCH_CSV_MAX_CHARS + 1) });
    expect(r.success).toBe(false);
    const issues = toIssues(r.error!);
    expect(issues.map((i) => i.code)).toEqual(['BRANCH_CSV_TOO_LARGE']);
    expect(issues[0]!.message).toBe(fieldMessageFa('BRANCH_CSV_TOO_LARGE'));
    expect(issues[0]!.message).toMatch(/CSV/);
  });
});
