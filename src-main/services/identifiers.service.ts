import type { z } from 'zod';
import type { ForeignIdentifier, IssueIdentifierInputSchema } from '../../shared/contract/identifiers.contract';
import { AppError } from '../../shared/errors';
import { makeForeignId, MAX_STATION_SEQUENCE } from '../../shared/identifiers/foreign-id';
import { normalizeNameForSearch } from '../../shared/text/persian';
import { isUniqueViolation } from '../db/errors';
import {
  findIdentifier,
  findIdentifierById,
  findLiveByDocument,
  insertIdentifier,
  listIdentifiers,
  setIdentifierStatus,
  type IdentifierRecord,
} from '../db/identifiers.repo';
import { takeStationSequence } from '../db/stations.repo';
import { audit, inTx, type Actor, type ServiceEnv } from './env';
import { knownToHq } from './hq-registry.service';
import { refreshThisStation, thisStation } from './station-identity.service';

export type IssueIdentifierInput = z.output<typeof IssueIdentifierInputSchema>;

export function toForeignIdentifier(r: IdentifierRecord): ForeignIdentifier {
  return {
    id: r.id,
    identifier: r.identifier,
    firstNameFa: r.firstNameFa,
    lastNameFa: r.lastNameFa,
    firstNameLatin: r.firstNameLatin,
    lastNameLatin: r.lastNameLatin,
    fatherName: r.fatherName,
    nationality: r.nationality,
    documentType: r.documentType as ForeignIdentifier['documentType'],
    documentNumber: r.documentNumber,
    birthDate: r.birthDate,
    status: r.status,
    issuedAt: r.issuedAt,
    issuedBy: r.issuedByName,
    revokedAt: r.revokedAt,
    revokeReason: r.revokeReason,
  };
}

/**
 * REG-4, BR-2: a supervisor issues a foreign-national identifier from this station's own
 * sequence: branch code + station number + sequence + Damm digit, so no two stations collide.
 * A document that holds a live identifier cannot get a second one.
 */
export async function issueForeignIdentifier(env: ServiceEnv, actor: Actor, input: IssueIdentifierInput): Promise<ForeignIdentifier> {
  const here = await thisStation(env);
  if (!here) throw new AppError('STATION_REQUIRED');
  try {
    return await inTx(env, async (tx) => {
      const existing = await findLiveByDocument(tx, input.nationality, input.documentType, input.documentNumber);
      if (existing) throw new AppError('IDENTIFIER_EXISTS', { identifier: existing.identifier });
      const sequence = await takeStationSequence(tx, here.station.id);
      if (sequence === null) throw new AppError('STATION_RETIRED');
      if (sequence > MAX_STATION_SEQUENCE) throw new AppError('STATION_EXHAUSTED');
      const identifier = makeForeignId(here.branch.code, here.station.stationNumber, sequence);
      // Headquarters already knows this number: this station number was used before (a reinstall
      // or a restore that kept it). Issuing it would give two people one identifier.
      const taken = await knownToHq(tx, identifier);
      if (taken) throw new AppError('IDENTIFIER_NUMBER_TAKEN', { identifier, ...taken });
      const id = await insertIdentifier(tx, {
        ...input,
        identifier,
        stationId: here.station.id,
        sequence,
        nameSearch: normalizeNameForSearch(`${input.firstNameFa} ${input.lastNameFa}`),
        issuedBy: actor.id!,
        issuedAt: env.clock.now().toISOString(),
      });
      await audit(tx, env, actor, {
        action: 'identifier.issued',
        subjectType: 'identifier',
        subjectId: identifier,
        details: { nationality: input.nationality, documentType: input.documentType },
      });
      return toForeignIdentifier((await findIdentifierById(tx, id))!);
    });
  } catch (e) {
    // Retired at another counter: this desk forgets its station and asks to join again.
    if (e instanceof AppError && e.code === 'STATION_RETIRED') await refreshThisStation(env);
    // The live-document index by its name (PostgreSQL) or columns (SQLite); the bare word
    // "document" would also match the INSERT text that the error message carries.
    if (isUniqueViolation(e, 'foreign_identifiers_live_document') || isUniqueViolation(e, 'foreign_identifiers.document_number')) {
      const other = await findLiveByDocument(env.db, input.nationality, input.documentType, input.documentNumber);
      throw new AppError('IDENTIFIER_EXISTS', other ? { identifier: other.identifier } : undefined);
    }
    throw e;
  }
}

/** BR-2: revoke with a reason (not while an account uses it); the document may then get a new identifier. */
export async function revokeForeignIdentifier(env: ServiceEnv, actor: Actor, identifier: string, reason: string): Promise<ForeignIdentifier> {
  return inTx(env, async (tx) => {
    const r = await findIdentifier(tx, identifier);
    if (!r) throw new AppError('IDENTIFIER_NOT_ISSUED');
    if (r.status === 'revoked') throw new AppError('IDENTIFIER_REVOKED');
    // A revoke frees the document for a new identifier; with a live account still on this one the
    // holder could then register a second account (REG-5). Void the registration first.
    if (r.status === 'registered') throw new AppError('IDENTIFIER_USED');
    await setIdentifierStatus(tx, r.id, { status: 'revoked', revokedAt: env.clock.now().toISOString(), revokedBy: actor.id!, revokeReason: reason });
    await audit(tx, env, actor, { action: 'identifier.revoked', subjectType: 'identifier', subjectId: identifier, details: { reason } });
    return toForeignIdentifier((await findIdentifierById(tx, r.id))!);
  });
}

export async function getForeignIdentifier(env: ServiceEnv, actor: Actor, identifier: string): Promise<ForeignIdentifier> {
  return inTx(env, async (tx) => {
    const r = await findIdentifier(tx, identifier);
    if (!r) throw new AppError('IDENTIFIER_NOT_ISSUED');
    await audit(tx, env, actor, { action: 'identifier.viewed', subjectType: 'identifier', subjectId: identifier });
    return toForeignIdentifier(r);
  });
}

export async function listForeignIdentifiers(env: ServiceEnv, query: string | undefined, page: number) {
  const q = query?.trim() ? normalizeNameForSearch(query) : null;
  const { items, total } = await listIdentifiers(env.db, q, page * 50, 50);
  return { items: items.map(toForeignIdentifier), total };
}
