import type { Tx } from '../db/connection';
import {
  accountStateSource,
  type AccountStateSource,
  appendAuditedChange,
  identifierStateSource,
  stationStateSource,
  type JournalRow,
} from '../db/journal.repo';
import type { Actor, AuditAnchor, AuditEntry } from './audit.service';
import { accountState, identifierState, stationRecordId, stationState, type PasswordState } from './journal-state';
import type { ServiceEnv } from './env';
import { thisStation } from './station-identity.service';

type Kind = JournalRow['kind'];

/** What an audited action did to a record, for the journal. */
interface Effect {
  kind: Kind;
  record: 'account' | 'identifier' | 'station';
  /** Pinned for password events, so the entry says what happened rather than what it implies. */
  passwordState?: PasswordState;
}

/**
 * Every audited action that changes an account, a foreign identifier or a station, and the journal
 * entries it makes. Every change is audited (the audit rule), and the audit append is where the
 * journal is written, so a change path cannot reach the database without its journal entry.
 */
export const JOURNALED_ACTIONS: Readonly<Record<string, (details: AuditEntry['details']) => Effect[]>> = {
  'account.registered': () => [{ kind: 'account.registered', record: 'account', passwordState: 'initial' }],
  'account.voided': () => [{ kind: 'account.voided', record: 'account' }],
  'account.disabled': () => [{ kind: 'account.disabled', record: 'account' }],
  'account.enabled': () => [{ kind: 'account.enabled', record: 'account' }],
  'account.unlocked': () => [{ kind: 'account.unlocked', record: 'account' }],
  'mobile.changed': () => [{ kind: 'account.contact-changed', record: 'account' }],
  'email.changed': () => [{ kind: 'account.contact-changed', record: 'account' }],
  'reset.counter': () => [{ kind: 'account.password-state', record: 'account', passwordState: 'reset-issued' }],
  'reset.self': () => [{ kind: 'account.password-state', record: 'account', passwordState: 'reset-issued' }],
  // A login with the reset's SMS password makes it the account's password: a state change.
  'portal.login': (d) => (d?.via === 'reset' ? [{ kind: 'account.password-state', record: 'account', passwordState: 'reset-used' }] : []),
  'portal.password-changed': () => [{ kind: 'account.password-state', record: 'account', passwordState: 'changed' }],
  'identifier.issued': () => [{ kind: 'identifier.issued', record: 'identifier' }],
  'identifier.revoked': () => [{ kind: 'identifier.revoked', record: 'identifier' }],
  'setup.done': () => [{ kind: 'station.joined', record: 'station' }],
  'station.joined': () => [{ kind: 'station.joined', record: 'station' }],
  'station.retired': () => [{ kind: 'station.retired', record: 'station' }],
};

/**
 * Audited actions that change none of those records (lookups, refusals, staff, SMS, settings): a
 * new action must be put in one list or the other (test/unit/journal-actions.test.ts).
 */
export const NOT_JOURNALED_ACTIONS: readonly string[] = [
  'account.search',
  'account.duplicate-check',
  // The first counter after the upgrade keeps the station it had: the station itself is unchanged.
  'station.claimed',
  'account.viewed',
  'identifier.viewed',
  'mobile.change-requested',
  'mobile.change-cancelled',
  'mobile.code-wrong',
  'reset.self-refused',
  'reset.self-throttled',
  'portal.login-failed',
  'staff.login',
  'staff.login-failed',
  'staff.password-changed',
  'staff.created',
  'staff.password-reset',
  'staff.disabled',
  'staff.enabled',
  'staff.unlocked',
  'staff.recovered',
  'settings.updated',
  'group.registration',
  'branches.import',
  'sms.requeued',
  'sms.failed',
  'sms.expired',
  'sms.sent',
  'sms.retry',
  'sms.cancelled',
  'sms.gateway-password',
  'sms.test',
  'sms.delivery-report',
  'journal.batch-created',
  'journal.ack-imported',
  'hq.link-settings',
  'hq.link-stopped',
  'hq.link-resumed',
  'registry.imported',
  'registry.pulled',
  'registry.refused',
  'backup.passphrase-set',
];

/** The journal's actor: a staff member's username, "citizen" at the kiosk, or "system". */
function actorName(actor: Actor): string {
  if (actor.type === 'portal') return 'citizen';
  if (actor.type === 'staff' && actor.name) return actor.name;
  return 'system';
}

interface Target {
  recordId: string;
  state: Record<string, unknown>;
}

/**
 * What the audited change already holds of the record, so the journal need not read it back: a
 * registration knows every public column of the account it just inserted. It must be exactly what
 * a read would give (test/integration/journal.test.ts compares the two).
 */
export interface JournalKnown {
  account?: AccountStateSource;
}

async function accountTarget(tx: Tx, accountId: number, passwordState: PasswordState | undefined, known: JournalKnown): Promise<{ target: Target; foreign: boolean }> {
  const a = known.account?.id === accountId ? known.account : await accountStateSource(tx, accountId);
  if (!a) throw new Error(`journal: account ${accountId} missing`);
  return { target: { recordId: a.username, state: accountState(a, passwordState) }, foreign: a.kind === 'foreign' };
}

async function identifierTarget(tx: Tx, by: { identifier: string }): Promise<Target> {
  const i = await identifierStateSource(tx, by);
  if (!i) throw new Error('journal: identifier missing');
  return { recordId: i.identifier, state: identifierState(i) };
}

async function stationTarget(tx: Tx, stationId: number): Promise<Target> {
  const s = await stationStateSource(tx, stationId);
  if (!s) throw new Error(`journal: station ${stationId} missing`);
  return { recordId: stationRecordId(s.stationNumber), state: stationState(s) };
}

/**
 * Whose journal an entry goes to: this machine's station; a station's own joining (when the
 * machine is not bound to it yet) goes to that station's journal, as its first entry.
 */
async function journalStation(tx: Tx, env: ServiceEnv, effects: Effect[], entry: AuditEntry): Promise<{ stationId: number; branchCode: string; stationNumber: number }> {
  const here = await thisStation(env, tx);
  if (here) return { stationId: here.station.id, branchCode: here.branch.code, stationNumber: here.station.stationNumber };
  if (effects.every((e) => e.record === 'station')) {
    const s = await stationStateSource(tx, Number(entry.subjectId));
    if (s) return { stationId: Number(entry.subjectId), branchCode: s.branchCode, stationNumber: s.stationNumber };
  }
  throw new Error('journal: a change on a machine with no station');
}

/**
 * Issue 8, the journal: the change just audited, appended in the same transaction with this
 * station's next sequence (no gaps: a rollback takes its number back), the record's new state
 * (never a password, hash, SMS text or code) and the audit entry it belongs to. A registration
 * with a foreign identifier also journals the identifier (used), and a void frees it (issued).
 */
export async function journalAudited(...change: Parameters<typeof journalEntriesOf>): Promise<boolean> {
  const entries = await journalEntriesOf(...change);
  await appendAuditedChange(change[0], [], entries);
  return entries.length > 0;
}

/** The journal entries of an audited change (`journalAudited`'s), computed for the caller to append with its audit row. */
export async function journalEntriesOf(
  tx: Tx,
  env: ServiceEnv,
  actor: Actor,
  entry: AuditEntry,
  anchor: AuditAnchor,
  at: Date,
  known: JournalKnown = {},
): Promise<Array<Omit<JournalRow, 'seq'>>> {
  const effects = JOURNALED_ACTIONS[entry.action]?.(entry.details) ?? [];
  if (effects.length === 0) return [];
  const here = await journalStation(tx, env, effects, entry);
  const targets: Array<{ kind: Kind; recordType: JournalRow['recordType']; target: Target }> = [];
  for (const e of effects) {
    if (e.record === 'account') {
      const { target, foreign } = await accountTarget(tx, Number(entry.subjectId), e.passwordState, known);
      targets.push({ kind: e.kind, recordType: 'account', target });
      // A foreign national's username is the identifier (a void has already let go of its link).
      if (foreign && (e.kind === 'account.registered' || e.kind === 'account.voided')) {
        const kind = e.kind === 'account.registered' ? 'identifier.used' : 'identifier.issued';
        targets.push({ kind, recordType: 'identifier', target: await identifierTarget(tx, { identifier: target.recordId }) });
      }
    } else if (e.record === 'identifier') {
      targets.push({ kind: e.kind, recordType: 'identifier', target: await identifierTarget(tx, { identifier: String(entry.subjectId) }) });
    } else {
      targets.push({ kind: e.kind, recordType: 'station', target: await stationTarget(tx, Number(entry.subjectId)) });
    }
  }
  return targets.map((t) => ({
    stationId: here.stationId,
    branchCode: here.branchCode,
    stationNumber: here.stationNumber,
    kind: t.kind,
    recordType: t.recordType,
    recordId: t.target.recordId,
    state: JSON.stringify(t.target.state),
    at: at.toISOString(),
    actor: actorName(actor),
    auditId: anchor.id,
    auditHash: anchor.hash,
  }));
}
