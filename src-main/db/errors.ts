/**
 * A unique-constraint violation on either engine, optionally naming a column or index. Services
 * turn these into refusals (REG-5, REG-4) when two counters race past the first check.
 *
 * Only the engine's own description of the violation is compared with the hint — never the whole
 * message, which also carries the SQL text and so names every column of the statement.
 * SQLite: `UNIQUE constraint failed: table.col[, table.col…]`; PostgreSQL: the constraint name.
 */
export function isUniqueViolation(e: unknown, hint?: string): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const err = e as { code?: string; message?: string; constraint?: string; detail?: string };
  if (err.code === 'SQLITE_CONSTRAINT') {
    const m = /UNIQUE constraint failed: (.*)$/.exec(err.message ?? '');
    if (!m) return false;
    return !hint || m[1]!.includes(hint);
  }
  if (err.code === '23505') return !hint || [err.constraint, err.detail].some((s) => s?.includes(hint));
  return false;
}
