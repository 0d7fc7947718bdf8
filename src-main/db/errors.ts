/**
 * A unique-constraint violation on either engine, optionally naming a column or index. Services
 * turn these into refusals (REG-5, REG-4) when two counters race past the first check.
 */
export function isUniqueViolation(e: unknown, hint?: string): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const err = e as { code?: string; message?: string; constraint?: string; detail?: string };
  const sqlite = err.code === 'SQLITE_CONSTRAINT' && /UNIQUE constraint failed/.test(err.message ?? '');
  const pg = err.code === '23505';
  if (!sqlite && !pg) return false;
  if (!hint) return true;
  return [err.message, err.constraint, err.detail].some((s) => s?.includes(hint));
}
