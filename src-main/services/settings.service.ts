import { DEFAULT_SETTINGS, SettingsSchema, type Settings } from '../../shared/contract/settings.contract';
import { insertSettingOnce, readSettings, replaceSettingIf, writeSetting } from '../db/settings.repo';
import type { Q, WriteTx } from '../db/types';

/** The parsed settings of each cached copy of the table (issue 11: no zod parse per call). */
const parsed = new WeakMap<object, Settings>();

/** Settings with defaults; a stored value that no longer parses falls back to its default. */
export async function getSettings(q: Q): Promise<Settings> {
  const stored = await readSettings(q);
  let settings = parsed.get(stored);
  if (!settings) {
    settings = parseSettings(stored);
    parsed.set(stored, settings);
  }
  return structuredClone(settings);
}

function parseSettings(stored: Readonly<Record<string, unknown>>): Settings {
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(DEFAULT_SETTINGS)) {
    if (key in stored) {
      const one = SettingsSchema.shape[key as keyof Settings].safeParse(stored[key]);
      if (one.success) merged[key] = one.data;
    }
  }
  return SettingsSchema.parse(merged);
}

export async function updateSettings(q: WriteTx, patch: Partial<Settings>, at: Date): Promise<Settings> {
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) await writeSetting(q, key, value, at.toISOString());
  }
  return getSettings(q);
}

/** Internal keys that are not user settings (the station and branch of this machine, setup). */
export async function getInternal<T>(q: Q, key: string): Promise<T | undefined> {
  const stored = await readSettings(q);
  return stored[`internal.${key}`] as T | undefined;
}

export async function setInternal(q: WriteTx, key: string, value: unknown, at: Date): Promise<void> {
  await writeSetting(q, `internal.${key}`, value, at.toISOString());
}

/** Claims an internal key once (first-run setup): a second claim fails on the primary key. */
export async function claimInternal(q: WriteTx, key: string, value: unknown, at: Date): Promise<void> {
  await insertSettingOnce(q, `internal.${key}`, value, at.toISOString());
}

/** Replaces an internal value only if it is still `expected` (one use of a one-time secret). */
export async function swapInternal(q: WriteTx, key: string, expected: unknown, next: unknown, at: Date): Promise<boolean> {
  return (await replaceSettingIf(q, `internal.${key}`, expected, next, at.toISOString())) === 1;
}
