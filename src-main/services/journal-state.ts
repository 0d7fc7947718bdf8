import { maskMobile } from '../../shared/text/mask';
import type { AccountRecord } from '../db/accounts.repo';
import type { AccountStateSource, IdentifierStateSource, StationStateSource } from '../db/journal.repo';

export type PasswordState = 'initial' | 'changed' | 'reset-issued' | 'reset-used';

/** Keys whose value is null are left out: the journal's state schemas have optional keys, not nulls. */
function compact<T extends Record<string, unknown>>(o: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
}

/**
 * Where an account's password stands, as a state (never the password): a reset waiting or a
 * counter reset that killed the password → reset-issued; changed by its owner → changed; the
 * initial password (the code) still in force → initial; else the reset's password was used.
 * The 0012 snapshot computes the same in SQL.
 */
export function passwordStateOf(a: AccountStateSource): PasswordState {
  if (a.liveReset) return 'reset-issued';
  if (!a.mustChangePassword) return 'changed';
  if (a.passwordRevokedAt !== null) return 'reset-issued';
  if (a.initialPasswordExpiresAt !== null) return 'initial';
  return 'reset-used';
}

/**
 * What `accountStateSource` reads, from an account record a service already holds (issue 11 item
 * 4: the journal need not read it back). `liveReset` is false: a caller that changed the resets says so.
 */
export function accountStateSourceOf(a: AccountRecord): AccountStateSource {
  return {
    id: a.id,
    username: a.username,
    kind: a.kind,
    status: a.status,
    branchCode: a.branchCode,
    insuranceNumber: a.insuranceNumber,
    insuranceGroup: a.insuranceGroupCode,
    mobile: a.mobile,
    mustChangePassword: a.mustChangePassword,
    passwordRevokedAt: a.passwordRevokedAt,
    initialPasswordExpiresAt: a.initialPasswordExpiresAt,
    liveReset: false,
    registeredAt: a.registeredAt,
    voidedAt: a.voidedAt,
    disabledAt: a.disabledAt,
  };
}

/** An account's state as headquarters sees it: no names, no hash, the mobile masked. */
export function accountState(a: AccountStateSource, passwordState: PasswordState = passwordStateOf(a)): Record<string, unknown> {
  return compact({
    status: a.status,
    username: a.username,
    kind: a.kind,
    branchCode: a.branchCode,
    insuranceNumber: a.insuranceNumber,
    insuranceGroup: a.insuranceGroup,
    mobileMasked: a.mobile === null ? null : maskMobile(a.mobile),
    passwordState,
    registeredAt: a.registeredAt,
    voidedAt: a.voidedAt,
    disabledAt: a.disabledAt,
  });
}

/** A foreign identifier's state: no holder names, no document number. */
export function identifierState(i: IdentifierStateSource): Record<string, unknown> {
  return compact({
    identifier: i.identifier,
    status: i.status,
    branchCode: i.branchCode,
    station: i.stationNumber,
    sequence: i.sequence,
    nationality: i.nationality,
    issuedAt: i.issuedAt,
    revokedAt: i.revokedAt,
    usedBy: i.usedBy,
  });
}

export function stationState(s: StationStateSource): Record<string, unknown> {
  return compact({
    station: s.stationNumber,
    branchCode: s.branchCode,
    status: s.retiredAt === null ? 'active' : 'retired',
    joinedAt: s.registeredAt,
    retiredAt: s.retiredAt,
  });
}

/** A station's record id in the journal: its two-digit number. */
export function stationRecordId(stationNumber: number): string {
  return String(stationNumber).padStart(2, '0');
}
