import type { Q, WriteTx } from './types';
import type { Knex } from 'knex';
import { num } from './types';
import { escapeLike, whereLike } from './like';

export interface IdentifierRecord {
  id: number;
  identifier: string;
  stationId: number;
  sequence: number;
  firstNameFa: string;
  lastNameFa: string;
  firstNameLatin: string;
  lastNameLatin: string;
  fatherName: string;
  nationality: string;
  documentType: string;
  documentNumber: string;
  birthDate: string;
  issuedBy: number;
  issuedByName: string;
  issuedAt: string;
  status: 'issued' | 'registered' | 'revoked';
  revokedAt: string | null;
  revokeReason: string | null;
}

interface Row {
  id: number;
  identifier: string;
  station_id: number;
  sequence: number;
  first_name_fa: string;
  last_name_fa: string;
  first_name_latin: string;
  last_name_latin: string;
  father_name: string;
  nationality: string;
  document_type: string;
  document_number: string;
  birth_date: string;
  issued_by: number;
  issued_by_name: string | null;
  issued_at: string;
  status: string;
  revoked_at: string | null;
  revoke_reason: string | null;
}

function rowToIdentifier(r: Row): IdentifierRecord {
  return {
    id: num(r.id),
    identifier: r.identifier,
    stationId: num(r.station_id),
    sequence: num(r.sequence),
    firstNameFa: r.first_name_fa,
    lastNameFa: r.last_name_fa,
    firstNameLatin: r.first_name_latin,
    lastNameLatin: r.last_name_latin,
    fatherName: r.father_name,
    nationality: r.nationality,
    documentType: r.document_type,
    documentNumber: r.document_number,
    birthDate: r.birth_date,
    issuedBy: num(r.issued_by),
    issuedByName: r.issued_by_name ?? '',
    issuedAt: r.issued_at,
    status: r.status === 'revoked' ? 'revoked' : r.status === 'registered' ? 'registered' : 'issued',
    revokedAt: r.revoked_at,
    revokeReason: r.revoke_reason,
  };
}

function base(q: Q) {
  return q('foreign_identifiers as f').leftJoin('staff as s', 's.id', 'f.issued_by').select('f.*', 's.display_name as issued_by_name');
}

export async function findIdentifier(q: Q, identifier: string): Promise<IdentifierRecord | undefined> {
  const r = (await base(q).where('f.identifier', identifier).first()) as Row | undefined;
  return r ? rowToIdentifier(r) : undefined;
}

export async function findIdentifierById(q: Q, id: number): Promise<IdentifierRecord | undefined> {
  const r = (await base(q).where('f.id', id).first()) as Row | undefined;
  return r ? rowToIdentifier(r) : undefined;
}

export async function findLiveByDocument(q: Q, nationality: string, documentType: string, documentNumber: string): Promise<IdentifierRecord | undefined> {
  const r = (await base(q)
    .where({ 'f.nationality': nationality, 'f.document_type': documentType, 'f.document_number': documentNumber })
    .whereNull('f.revoked_at')
    .first()) as Row | undefined;
  return r ? rowToIdentifier(r) : undefined;
}

export async function insertIdentifier(
  q: WriteTx,
  v: Omit<IdentifierRecord, 'id' | 'issuedByName' | 'status' | 'revokedAt' | 'revokeReason'> & { nameSearch: string },
): Promise<number> {
  const [row] = (await q('foreign_identifiers')
    .insert({
      identifier: v.identifier,
      station_id: v.stationId,
      sequence: v.sequence,
      first_name_fa: v.firstNameFa,
      last_name_fa: v.lastNameFa,
      first_name_latin: v.firstNameLatin,
      last_name_latin: v.lastNameLatin,
      name_search: v.nameSearch,
      father_name: v.fatherName,
      nationality: v.nationality,
      document_type: v.documentType,
      document_number: v.documentNumber,
      birth_date: v.birthDate,
      issued_by: v.issuedBy,
      issued_at: v.issuedAt,
      status: 'issued',
    })
    .returning('id')) as Array<{ id: number }>;
  return num(row!.id);
}

export async function setIdentifierStatus(
  q: WriteTx,
  id: number,
  patch: { status: 'issued' | 'registered' | 'revoked'; revokedAt?: string; revokedBy?: number; revokeReason?: string },
): Promise<void> {
  await q('foreign_identifiers')
    .where({ id })
    .update({
      status: patch.status,
      ...(patch.revokedAt ? { revoked_at: patch.revokedAt, revoked_by: patch.revokedBy, revoke_reason: patch.revokeReason } : {}),
    });
}

export async function listIdentifiers(q: Q, nameOrDoc: string | null, offset: number, limit: number): Promise<{ items: IdentifierRecord[]; total: number }> {
  const match = (w: Knex.QueryBuilder) => whereLike(w, 'f.name_search', `${escapeLike(nameOrDoc!)}%`).orWhere('f.document_number', nameOrDoc!.toUpperCase()).orWhere('f.identifier', nameOrDoc!);
  const filtered = (b: ReturnType<typeof base>) => {
    if (nameOrDoc) b.where(match);
    return b;
  };
  const countQ = q('foreign_identifiers as f');
  if (nameOrDoc) countQ.where(match);
  const [{ n }] = (await countQ.count({ n: '*' })) as [{ n: unknown }];
  const rows = (await filtered(base(q)).orderBy('f.id', 'desc').offset(offset).limit(limit)) as Row[];
  return { items: rows.map(rowToIdentifier), total: num(n) };
}
