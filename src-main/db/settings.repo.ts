import type { Q, WriteTx } from './types';

/**
 * Issue 11: the settings table (settings and this station's internal keys) is read on nearly every
 * call, so main keeps a copy per database. It is dropped when this process writes a setting (and
 * again when that transaction ends), is never filled from a transaction that wrote settings (its
 * rows may yet roll back) nor by a read that a drop overlapped (its rows may be from before), and
 * lives at most CACHE_MS, the delay within which a change made at
 * another counter sharing one PostgreSQL is seen here.
 */
const CACHE_MS = 5_000;
const cache = new WeakMap<object, { at: number; value: Readonly<Record<string, unknown>> }>();
const dirty = new WeakSet<object>();
/** Counts the drops per database: a read that overlapped a drop (its rows may be older) is not kept. */
const drops = new WeakMap<object, number>();

function cacheKey(q: Q): object {
  return q.client.config as object;
}

function drop(key: object): void {
  cache.delete(key);
  drops.set(key, (drops.get(key) ?? 0) + 1);
}

function invalidate(q: Q): void {
  const key = cacheKey(q);
  drop(key);
  if (q.isTransaction && !dirty.has(q)) {
    dirty.add(q);
    const done = (q as { executionPromise?: Promise<unknown> }).executionPromise;
    void done?.finally(() => drop(key)).catch(() => undefined);
  }
}

/**
 * Every stored key and its value: the cached copy itself (frozen; the same object until the cache
 * is dropped or expires, so that callers may memoise what they derive from it), or a fresh read.
 */
export async function readSettings(q: Q): Promise<Readonly<Record<string, unknown>>> {
  const hit = cachedSettings(q);
  if (hit) return hit;
  const key = cacheKey(q);
  const dropsBefore = drops.get(key) ?? 0;
  const rows = await q('settings').select<{ key: string; value: string }[]>('key', 'value');
  const out: Record<string, unknown> = {};
  for (const r of rows) out[r.key] = JSON.parse(r.value) as unknown;
  const value = Object.freeze(out);
  // Not from a transaction that wrote settings, nor a read that a write here overlapped.
  if (!dirty.has(q) && (drops.get(key) ?? 0) === dropsBefore) cache.set(key, { at: Date.now(), value });
  return value;
}

/** The cached copy while it is fresh, or undefined — never a read: for a caller that must decide at once. */
export function cachedSettings(q: Q): Readonly<Record<string, unknown>> | undefined {
  const hit = dirty.has(q) ? undefined : cache.get(cacheKey(q));
  return hit && Date.now() - hit.at < CACHE_MS ? hit.value : undefined;
}

/** Settings rows were written outside this file in `q` (the upgrade's deferred work): the copy is dropped. */
export function settingsWritten(q: WriteTx): void {
  invalidate(q);
}

export async function writeSetting(q: WriteTx, key: string, value: unknown, at: string): Promise<void> {
  invalidate(q);
  await q('settings')
    .insert({ key, value: JSON.stringify(value), updated_at: at })
    .onConflict('key')
    .merge(['value', 'updated_at']);
}

/** Inserts a key that must not exist yet; a second writer fails on the primary key (a claim). */
export async function insertSettingOnce(q: WriteTx, key: string, value: unknown, at: string): Promise<void> {
  invalidate(q);
  await q('settings').insert({ key, value: JSON.stringify(value), updated_at: at });
}

/** Compare-and-set: replaces a key's value only if it still holds `expected`; returns rows changed. */
export async function replaceSettingIf(q: WriteTx, key: string, expected: unknown, next: unknown, at: string): Promise<number> {
  invalidate(q);
  return q('settings').where({ key, value: JSON.stringify(expected) }).update({ value: JSON.stringify(next), updated_at: at });
}
