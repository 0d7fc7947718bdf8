import type { Knex } from 'knex';

/** knex accepts 'pg', 'postgres' and 'postgresql' as the client name; its dialect is one. */
export function isPostgres(knex: Knex): boolean {
  return (knex.client as { dialect?: string }).dialect === 'postgresql';
}
