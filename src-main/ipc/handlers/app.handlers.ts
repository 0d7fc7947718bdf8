import { kioskStatusOf, type AppStatus } from '../../../shared/contract/app.contract';
import type { Handler } from '../router';

export interface AppStatusSource {
  status(): Promise<Omit<AppStatus, 'sessionKind'>>;
}

export function appHandlers(src: AppStatusSource): { 'app:status': Handler<'app:status'>; 'portal:status': Handler<'portal:status'> } {
  return {
    'app:status': async (_input, ctx) => ({ ...(await src.status()), sessionKind: ctx.session.kind }),
    // The kiosk's: only what it shows (KioskStatusSchema), never the staff status bar's contents.
    'portal:status': async () => kioskStatusOf(await src.status()),
  };
}
