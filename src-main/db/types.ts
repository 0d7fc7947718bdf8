import type { Knex } from 'knex';

/** A connection or a transaction: repositories accept either. */
export type Q = Knex | Knex.Transaction;

/** SQLite answers booleans as 0/1, PostgreSQL as true/false. */
export function bool(v: unknown): boolean {
  return v === true || v === 1 || v === '1';
}

/** PostgreSQL answers count() as a string. */
export function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v ?? 0);
}
