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

/**
 * Whether a write transaction holds the whole database's write lock from its start (SQLite, see
 * `beginWrite`), so that writing more while it waits on something costs no other counter a new
 * wait. On PostgreSQL every writer takes only the rows it touches, and the audit head is every
 * counter's lock: a transaction that waits (an argon2id hash) takes it only afterwards.
 */
export function holdsDatabaseLock(tx: WriteTx): boolean {
  return engineOf(tx) === 'sqlite';
}

/** SQLite answers booleans as 0/1, PostgreSQL as true/false. */
export function bool(v: unknown): boolean {
  return v === true || v === 1 || v === '1';
}

/** PostgreSQL answers count() as a string. */
export function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v ?? 0);
}

/**
 * `column IN ids` with the ids as one parameter (PostgreSQL: an array; SQLite: a JSON array the
 * database unpacks), for the lists the outbox dispatcher sends in every commit and hand-over
 * (issue 11 item 2): a list of a few hundred ids cost more to build and bind, value by value,
 * than the statement did to run. Both engines still find each id through the column's index.
 */
export function whereIdIn(q: Q, b: Knex.QueryBuilder, column: string, ids: readonly number[]): Knex.QueryBuilder {
  return engineOf(q) === 'postgresql' ? b.whereRaw('?? = any(?::bigint[])', [column, [...ids]]) : b.whereRaw('?? in (select value from json_each(?))', [column, JSON.stringify(ids)]);
}
