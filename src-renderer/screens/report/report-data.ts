import { format as formatJalali } from 'date-fns-jalali';
import type { Output } from '../../../shared/contract';
import { maskId } from '../../../shared/text/mask';
import { fa } from '../../i18n/fa';
import { fa as faDigits } from '../../lib/format';

export type DailyReport = Output<'reports:daily'>;
export type ReportRow = DailyReport['rows'][number];

const t = fa.report;
const PORTAL_USERNAME = /^[0-9]{10}$|^[0-9]{12}$/;

/** Who did it, as the supervisor reads it: the staff member's name, the system, or a citizen
 * (their username masked, as in logs: the report is printed and leaves the screen). */
export function actorLabel(actor: string, staffNames: ReadonlyMap<string, string>): string {
  const name = staffNames.get(actor);
  if (name) return `${name} (${actor})`;
  if (actor === 'system') return t.system;
  if (PORTAL_USERNAME.test(actor)) return t.citizen(faDigits(maskId(actor)));
  return actor;
}

/** Persian name of an audit action; one not in the catalogue is shown as recorded. */
export function actionLabel(action: string): string {
  return t.actions[action] ?? action;
}

/** `2026-03-21` → a local Date on that calendar day (what the date picker works with). */
export function parseIsoDay(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d!);
}

/** The picker's Date → the Gregorian ISO day main expects. */
export function toIsoDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The Jalali day in Persian digits, e.g. ۱۴۰۵/۰۱/۰۱. */
export function jalaliDay(day: string, persianDigits = true): string {
  const s = formatJalali(parseIsoDay(day), 'yyyy/MM/dd');
  return persianDigits ? faDigits(s) : s;
}

/** The issuing station as the supervisor reads it, e.g. «شعبهٔ ۱۲۳۴، ایستگاه ۲». */
export function stationLabel(station: DailyReport['station'], persianDigits = true): string {
  if (!station) return t.station.none;
  const d = (v: string | number) => (persianDigits ? faDigits(v) : String(v));
  return t.station.label(d(station.branchCode), d(station.stationNumber));
}

/** A spreadsheet cell: quoted when needed, and never read as a formula. */
function cell(v: string | number): string {
  if (typeof v === 'number') return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The report as CSV for Excel: a UTF-8 byte-order mark (or Excel shows Persian as mojibake),
 * CRLF lines: the issuing station, one row per actor and action, registrations and identifiers per
 * station, then the chain head and when it was made.
 */
export function reportCsv(report: DailyReport, staffNames: ReadonlyMap<string, string>): string {
  const day = jalaliDay(report.day, false);
  const lines = [
    [t.csvStation, stationLabel(report.station, false)].map(cell).join(','),
    t.csvHeader.map(cell).join(','),
    ...report.rows.map((r) => [day, actorLabel(r.actor, staffNames), r.action, actionLabel(r.action), r.count].map(cell).join(',')),
    '',
    t.csvStationHeader.map(cell).join(','),
    ...report.stations.map((s) => [s.branchCode, s.stationNumber, s.registrations, s.identifiers].map(cell).join(',')),
    '',
    [t.csvChain, report.chainHead.lastId, report.chainHead.lastHash].map(cell).join(','),
    [t.csvGenerated, report.generatedAt].map(cell).join(','),
  ];
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
