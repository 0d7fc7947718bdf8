/**
 * The renderer's one Persian catalogue. Each area keeps its labels in its own module here; error,
 * warning and success sentences come from shared/, keyed by the codes main returns.
 */
import { common } from './common';
import { shell } from './shell';
import { staffAuth } from './staff-auth';
import { screens } from './screens';

export { ERROR_MESSAGES_FA, SUCCESS_MESSAGES_FA, WARNING_MESSAGES_FA } from '../../../shared/i18n/fa-messages';
export { FIELD_MESSAGES_FA, fieldMessageFa } from '../../../shared/i18n/fa-fields';

export const fa = { ...common, ...shell, staffAuth, ...screens } as const;
