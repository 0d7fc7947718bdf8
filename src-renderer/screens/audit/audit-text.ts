import { fa as t } from '../../i18n/fa';
import { fa } from '../../lib/format';

const ta = t.audit;

/** An action's Persian name, or the recorded name when this renderer does not know it. */
export function actionName(action: string): string {
  return ta.actions[action] ?? action;
}

function valueText(v: unknown): string {
  if (v === true) return ta.yes;
  if (v === false) return ta.no;
  if (v === null || v === undefined) return t.none;
  if (typeof v === 'number') return fa(v);
  if (typeof v === 'string') {
    if (v in ta.actions) return actionName(v);
    return /^[\d,.\s-]+$/.test(v) ? fa(v) : v;
  }
  return JSON.stringify(v);
}

const settingLabels: Record<string, unknown> = { ...t.settings.general, ...t.settings.gateway.settingNames };
const roleLabels: Record<string, string> = t.staffAdmin.roles;
const documentLabels: Record<string, string> = t.idDocument.types;
const adapterLabels: Record<string, string> = t.status.adapter;

/** Values that name something the catalogue knows: settings, roles, document types, SMS gateways. */
function knownValue(key: string, v: string): string {
  if (key === 'keys') return v.split(',').map((k) => (typeof settingLabels[k] === 'string' ? (settingLabels[k] as string) : k)).join(t.listSeparator);
  if (key === 'adapter' || key === 'gateway') return adapterLabels[v] ?? v;
  if (key === 'role') return roleLabels[v] ?? v;
  if (key === 'idDocumentType' || key === 'documentType') return documentLabels[v] ?? v;
  return valueText(v);
}

/** The canonical details JSON as «key: value» pairs an auditor can read; unparseable text as is. */
export function detailPairs(details: string): Array<{ key: string; label: string; value: string }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(details);
  } catch {
    return details ? [{ key: '', label: '', value: details }] : [];
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return [{ key: '', label: '', value: valueText(parsed) }];
  return Object.entries(parsed as Record<string, unknown>).map(([key, v]) => ({
    key,
    label: ta.detailKeys[key] ?? key,
    value: typeof v === 'string' ? knownValue(key, v) : valueText(v),
  }));
}

export function detailText(details: string): string {
  const pairs = detailPairs(details);
  if (pairs.length === 0) return ta.noDetails;
  return pairs.map((p) => (p.label ? `${p.label}: ${p.value}` : p.value)).join(t.listSeparator);
}

/** The start of a Jalali day picked in the browser as the UTC instant of that day's midnight in Tehran. */
export function tehranDayStart(day: Date, plusDays = 0): string {
  const utcMidnight = Date.UTC(day.getFullYear(), day.getMonth(), day.getDate() + plusDays);
  return new Date(utcMidnight - 3.5 * 3600_000).toISOString();
}
