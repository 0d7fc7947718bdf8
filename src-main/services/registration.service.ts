import type { Output } from '../../shared/contract';
import type { RegisterInput } from '../../shared/contract/accounts.contract';
import { AppError, type WarningCode } from '../../shared/errors';
import { SUCCESS_MESSAGES_FA } from '../../shared/i18n/fa-messages';
import { normalizeNameForSearch } from '../../shared/text/persian';
import { insertAccount } from '../db/accounts.repo';
import { isUniqueViolation } from '../db/errors';
import type { AccountStateSource } from '../db/journal.repo';
import { findIdentifier, setIdentifierStatus } from '../db/identifiers.repo';
import { PASSWORD_HASH_PENDING } from '../db/pending-hash';
import { findBranchAndGroup } from '../db/reference.repo';
import { auditWithHash, inTx, type Actor, type ServiceEnv } from './env';
import { registeredElsewhere } from './hq-registry.service';
import { hashStarted } from './passwords';
import { getSettings } from './settings.service';
import { thisStation } from './station-identity.service';

/**
 * Which unique index of `accounts` refused the insert: SQLite names it `accounts.<column>`,
 * PostgreSQL `accounts_<column>_unique`. A bare column name is not enough, because the error
 * message also carries the INSERT statement, which names every column.
 */
function accountsIndexViolated(e: unknown, column: string): boolean {
  return isUniqueViolation(e, `accounts.${column}`) || isUniqueViolation(e, `accounts_${column}_unique`);
}

/** The search keys of a name: the full name and the surname alone, each normalised (ی/ي, ک/ك, ZWNJ…). */
export function nameKeys(firstName: string | null, lastName: string | null): { nameSearch: string | null; lastNameSearch: string | null } {
  const fullName = [firstName, lastName].filter(Boolean).join(' ');
  return { nameSearch: fullName ? normalizeNameForSearch(fullName) : null, lastNameSearch: lastName ? normalizeNameForSearch(lastName) : null };
}

/** What the contract answers for `accounts:register` (declared once, there). */
export type RegisterResult = Output<'accounts:register'>;

/**
 * BR-1 and REG-1..11: a clerk registers a citizen (national code) or a foreign national (an
 * issued, live, unused identifier). The username is the code, and so is the initial password
 * (REG-3), stored only as an argon2id hash and to be changed at first login (LOG-2). Who
 * registered, on what document, and under which terms version is recorded (REG-2, REG-6). A
 * username headquarters' registry holds as live at another branch is refused, naming the branch.
 */
export async function registerAccount(env: ServiceEnv, actor: Actor, input: RegisterInput): Promise<RegisterResult> {
  const username = input.kind === 'citizen' ? input.nationalCode : input.foreignId;
  // The initial password is the username (REG-3): its hash depends on no read, so it runs while the
  // checks below do and is awaited only at the insert; a refusal throws it away (issue 11 item 4).
  const passwordHash = hashStarted(username);
  const settings = await getSettings(env.db);
  if (input.termsVersion !== settings.termsVersion) throw new AppError('TERMS_NOT_ACCEPTED', { currentVersion: settings.termsVersion });
  const here = await thisStation(env);
  if (!here) throw new AppError('STATION_REQUIRED');
  try {
    return await inTx(env, async (tx) => {
      const { branch, group } = await findBranchAndGroup(tx, input.branchId, input.insuranceGroupId);
      if (!branch) throw new AppError('UNKNOWN_BRANCH');
      if (!group) throw new AppError('UNKNOWN_GROUP');
      if (!group.registrationOpen) throw new AppError('GROUP_CLOSED');
      let identifierId: number | null = null;
      let firstName = input.firstName;
      let lastName = input.lastName;
      if (input.kind === 'foreign') {
        const ident = await findIdentifier(tx, input.foreignId);
        if (!ident) throw new AppError('IDENTIFIER_NOT_ISSUED');
        if (ident.status === 'revoked') throw new AppError('IDENTIFIER_REVOKED');
        if (ident.status === 'registered') throw new AppError('IDENTIFIER_USED');
        identifierId = ident.id;
        firstName ??= ident.firstNameFa;
        lastName ??= ident.lastNameFa;
      }
      // REG-5 across branches, from the last copy of headquarters' registry (also offline). Read
      // while the hash runs; refused only after the insert, so that an account live here is still
      // DUPLICATE_ACCOUNT, and the refusal rolls the insert back.
      const elsewhere = await registeredElsewhere(tx, here.branch.code, username);
      const now = env.clock.now();
      const expires = new Date(now.getTime() + settings.initialPasswordLifeDays * 24 * 3600_000);
      // REG-5 here: the unique index on the live username refuses a second live account (caught
      // below as DUPLICATE_ACCOUNT), so there is no read before the insert (issue 11 item 4). The
      // row goes in while the hash still runs, its hash column after it (`auditWithHash`).
      const accountId = await insertAccount(tx, {
        username,
        kind: input.kind,
        foreignIdentifierId: identifierId,
        firstName,
        lastName,
        ...nameKeys(firstName, lastName),
        branchId: branch.id,
        insuranceGroupId: group.id,
        insuranceNumber: input.insuranceNumber,
        mobile: input.mobile,
        email: input.email,
        passwordHash: PASSWORD_HASH_PENDING,
        initialPasswordExpiresAt: expires.toISOString(),
        termsVersion: input.termsVersion,
        termsAcceptedAt: now.toISOString(),
        idDocumentType: input.idDocument.type,
        idDocumentNumber: input.idDocument.number,
        registeredBy: actor.id!,
        registeredAt: now.toISOString(),
        stationId: here.station.id,
      });
      if (elsewhere) throw new AppError('REGISTERED_ELSEWHERE', elsewhere);
      if (identifierId !== null) await setIdentifierStatus(tx, identifierId, { status: 'registered' });
      // The journal's state of the new account, from what was just inserted (no read back).
      const account: AccountStateSource = {
        id: accountId,
        username,
        kind: input.kind,
        status: 'active',
        branchCode: branch.code,
        insuranceNumber: input.insuranceNumber,
        insuranceGroup: group.code,
        mobile: input.mobile,
        mustChangePassword: true,
        passwordRevokedAt: null,
        initialPasswordExpiresAt: expires.toISOString(),
        liveReset: false,
        registeredAt: now.toISOString(),
        voidedAt: null,
        disabledAt: null,
      };
      await auditWithHash(tx, env, actor, {
        action: 'account.registered',
        subjectType: 'account',
        subjectId: accountId,
        details: {
          kind: input.kind,
          branchCode: branch.code,
          group: group.code,
          idDocumentType: input.idDocument.type,
          termsVersion: input.termsVersion,
          hasMobile: input.mobile !== null,
        },
      }, { account }, { table: 'accounts', id: accountId, hash: passwordHash });
      return {
        accountId,
        username,
        messageCode: 'REGISTRATION_COMPLETED' as const,
        message: SUCCESS_MESSAGES_FA.REGISTRATION_COMPLETED,
        warnings: input.mobile === null ? (['NO_RECOVERY_CHANNEL'] as WarningCode[]) : [],
        initialPasswordExpiresAt: expires.toISOString(),
        branchName: branch.name,
        registeredAt: now.toISOString(),
        fullName: [firstName, lastName].filter(Boolean).join(' ') || null,
      };
    });
  } catch (e) {
    // Two counters racing past the check: the unique index decides, the loser hears REG-5.
    if (accountsIndexViolated(e, 'live_username')) throw new AppError('DUPLICATE_ACCOUNT');
    if (accountsIndexViolated(e, 'foreign_identifier_id')) throw new AppError('IDENTIFIER_USED');
    throw e;
  }
}
