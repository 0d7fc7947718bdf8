import type { Knex } from 'knex';

/** `%`, `_` and the escape character typed into a search box are text, not wildcards. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** `column LIKE pattern ESCAPE '\'` with the pattern bound (build it with `escapeLike`). */
export function whereLike<T extends Knex.QueryBuilder>(b: T, column: string, pattern: string, or = false): T {
  const sql = `?? like ? escape '\\'`;
  return (or ? b.orWhereRaw(sql, [column, pattern]) : b.whereRaw(sql, [column, pattern])) as T;
}
