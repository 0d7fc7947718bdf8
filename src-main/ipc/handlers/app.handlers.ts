import type { AppStatus } from '../../../shared/contract/app.contract';
import type { Handler } from '../router';

export interface AppStatusSource {
  status(): Promise<Omit<AppStatus, 'sessionKind'>>;
}

export function appHandlers(src: AppStatusSource): { 'app:status': Handler<'app:status'> } {
  return {
    'app:status': async (_input, ctx) => ({ ...(await src.status()), sessionKind: ctx.session.kind }),
  };
}
