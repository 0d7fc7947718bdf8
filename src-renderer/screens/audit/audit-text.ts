import { ERROR_MESSAGES_FA } from '../../../shared/i18n/fa-messages';
import { JOURNAL_REFUSALS_FA } from '../../../shared/i18n/fa-journal';
import { smsSendErrorKind } from '../../../shared/sms/send-error';
import { fa as t } from '../../i18n/fa';
import { fa } from '../../lib/format';
import { countryNameFa } from '../identifiers/countries';

const ta = t.audit;

/** An action's Persian name, or the recorded name when this renderer does not know it. */
export function actionName(action: string): string {
  return ta.actions[action] ?? action;
}

/** What the page knows beyond the catalogue: insurance groups by code (from reference:groups). */
export interface AuditNames {
  groups?: Readonly<Record<string, string>>;
}

/** A recorded word the catalogue does not know, kept apart from the Persian around it (bidi isolate). */
const isolated = (s: string) => `\u2068${s}\u2069`;

/** Digits, masked digits (0912***4567) and lists of them: shown in Persian digits. */
const NUMERIC = /^[\d*+,.\s-]+$/;

function valueText(v: unknown): string {
  if (v === true) return ta.yes;
  if (v === false) return ta.no;
  if (v === null || v === undefined) return t.none;
  if (typeof v === 'number') return fa(v);
  if (typeof v === 'string') {
    if (v in ta.actions) return actionName(v);
    return NUMERIC.test(v) ? fa(v) : v;
  }
  return JSON.stringify(v);
}

const settingLabels: Record<string, unknown> = { ...t.settings.general, ...t.settings.gateway.settingNames };
const roleLabels: Record<string, string> = t.staffAdmin.roles;
const documentLabels: Record<string, string> = t.idDocument.types;
const adapterLabels: Record<string, string> = t.status.adapter;
const refusals: Record<string, string> = { ...JOURNAL_REFUSALS_FA, ...ERROR_MESSAGES_FA };

/** A refusal's sentence, its places filled from the same entry's details (a place not there is left out). */
function refusalText(code: string, all: Record<string, unknown>): string | null {
  const text = refusals[code];
  if (!text) return null;
  return text.replace(/\s?\{([a-zA-Z]+)\}/g, (_p, name: string) => {
    const v = all[name];
    return typeof v === 'number' || typeof v === 'string' ? ` ${valueText(v)}` : '';
  });
}

/** Values that name something the catalogue knows; otherwise the value itself (digits in Persian). */
function knownValue(key: string, v: string, all: Record<string, unknown>, names: AuditNames): string {
  const byKey = ta.detailValues[key]?.[v];
  if (byKey) return byKey;
  if (key === 'keys') return v.split(',').map((k) => (typeof settingLabels[k] === 'string' ? (settingLabels[k] as string) : isolated(k))).join(t.listSeparator);
  if (key === 'adapter' || key === 'gateway') return adapterLabels[v] ?? v;
  if (key === 'role') return roleLabels[v] ?? v;
  if (key === 'idDocumentType' || key === 'documentType') return documentLabels[v] ?? v;
  if (key === 'nationality') return countryNameFa(v);
  if (key === 'group') return names.groups?.[v] ?? isolated(v);
  if (key === 'error') return t.outbox.errorKinds[smsSendErrorKind(v)];
  if (key === 'code' || key === 'reason') {
    const refusal = refusalText(v, all);
    if (refusal) return refusal;
  }
  const text = valueText(v);
  // A recorded code word (a value this renderer has no name for) stays readable inside Persian text.
  return /^[A-Za-z][\w.-]*$/.test(text) ? isolated(text) : text;
}

/** The canonical details JSON as «label: value» pairs an auditor can read in Persian; unparseable text as is. */
export function detailPairs(details: string, names: AuditNames = {}): Array<{ key: string; label: string; value: string }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(details);
  } catch {
    return details ? [{ key: '', label: '', value: details }] : [];
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return [{ key: '', label: '', value: valueText(parsed) }];
  const all = parsed as Record<string, unknown>;
  return Object.entries(all).map(([key, v]) => ({
    key,
    label: ta.detailKeys[key] ?? isolated(key),
    value: typeof v === 'string' ? knownValue(key, v, all, names) : valueText(v),
  }));
}

export function detailText(details: string, names: AuditNames = {}): string {
  const pairs = detailPairs(details, names);
  if (pairs.length === 0) return ta.noDetails;
  return pairs.map((p) => (p.label ? `${p.label}: ${p.value}` : p.value)).join(t.listSeparator);
}

/** Who did it: staff by name; a portal user by username (Persian digits) and kind; the system as itself. */
export function actorText(actorType: string, actorName: string | null): string {
  if (actorType === 'system') return ta.systemActor;
  if (actorType === 'staff') return actorName ?? t.none;
  return `${actorName ? valueText(actorName) : t.none} (${ta.actorTypes[actorType] ?? isolated(actorType)})`;
}

/** The subject: its kind in Persian and its id (a number in Persian digits, a known word by name). */
export function subjectText(subjectType: string | null, subjectId: string | null): string {
  if (!subjectType) return t.none;
  const id = subjectId === null || subjectId === '' ? '' : (ta.subjectIds[subjectId] ?? valueText(subjectId));
  return `${ta.subjectTypes[subjectType] ?? isolated(subjectType)} ${id}`.trim();
}

/** The start of a Jalali day picked in the browser as the UTC instant of that day's midnight in Tehran. */
export function tehranDayStart(day: Date, plusDays = 0): string {
  const utcMidnight = Date.UTC(day.getFullYear(), day.getMonth(), day.getDate() + plusDays);
  return new Date(utcMidnight - 3.5 * 3600_000).toISOString();
}
