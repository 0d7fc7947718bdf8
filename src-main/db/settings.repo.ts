import type { Q, WriteTx } from './types';

export async function readSettings(q: Q): Promise<Record<string, unknown>> {
  const rows = await q('settings').select<{ key: string; value: string }[]>('key', 'value');
  const out: Record<string, unknown> = {};
  for (const r of rows) out[r.key] = JSON.parse(r.value) as unknown;
  return out;
}

export async function writeSetting(q: WriteTx, key: string, value: unknown, at: string): Promise<void> {
  await q('settings')
    .insert({ key, value: JSON.stringify(value), updated_at: at })
    .onConflict('key')
    .merge(['value', 'updated_at']);
}

/** Inserts a key that must not exist yet; a second writer fails on the primary key (a claim). */
export async function insertSettingOnce(q: WriteTx, key: string, value: unknown, at: string): Promise<void> {
  await q('settings').insert({ key, value: JSON.stringify(value), updated_at: at });
}

/** Compare-and-set: replaces a key's value only if it still holds `expected`; returns rows changed. */
export async function replaceSettingIf(q: WriteTx, key: string, expected: unknown, next: unknown, at: string): Promise<number> {
  return q('settings').where({ key, value: JSON.stringify(expected) }).update({ value: JSON.stringify(next), updated_at: at });
}
