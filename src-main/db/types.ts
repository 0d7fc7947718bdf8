import type { Knex } from 'knex';

/** A read handle: a connection or any transaction. Functions that only read take it. */
export type Q = Knex | Knex.Transaction;

declare const writable: unique symbol;

/**
 * A write handle: a transaction that `writeTransaction` opened (services reach it through
 * `inTx`). Every function that changes rows takes this type, so that a write outside a
 * transaction, on the bare connection, is a compile error (STYLE.md "next steps" 2).
 */
export type WriteTx = Knex.Transaction & { readonly [writable]: true };

export type Engine = 'sqlite' | 'postgresql';

export function engineOf(q: Q): Engine {
  const client = String(q.client.config.client);
  return client === 'pg' || client === 'postgresql' ? 'postgresql' : 'sqlite';
}

/** SQLite answers booleans as 0/1, PostgreSQL as true/false. */
export function bool(v: unknown): boolean {
  return v === true || v === 1 || v === '1';
}

/** PostgreSQL answers count() as a string. */
export function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v ?? 0);
}
