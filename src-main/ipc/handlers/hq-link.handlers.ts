import type { hqLinkContract } from '../../../shared/contract/hq-link.contract';
import type { HqLink } from '../../services/hq-link.service';
import { hqLinkSettingsView, saveHqLinkSettings } from '../../services/hq-link-settings.service';
import type { Handler } from '../router';
import { staffOf, type HandlerDeps } from './deps';

type HqLinkChannels = keyof typeof hqLinkContract;

/** Issue 9: Settings → Headquarters and the supervisor's resume after a stop. */
export function hqLinkHandlers(d: HandlerDeps, link: HqLink): { [C in HqLinkChannels]: Handler<C> } {
  return {
    'hq:link-settings': () => hqLinkSettingsView(d.env.db),
    'hq:link-settings-save': async (input, ctx) => {
      const view = await saveHqLinkSettings(d.env, staffOf(ctx), input);
      link.settingsChanged();
      return view;
    },
    'hq:link-resume': (_input, ctx) => link.resume(staffOf(ctx)),
  };
}
