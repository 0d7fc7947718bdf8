import { expect, type Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserMode } from './browser-mode';

/**
 * Steps for the account-care flows (lookup, account page, outbox): test data through the same
 * bridge API the renderer uses, called from inside a logged-in page so its session cookie applies,
 * and the training SMS file. Setup, login and clerks come from staff-steps.ts.
 */

/** Persian/Arabic digits to Latin, for comparing what the screen shows with the SMS file. */
export function latinDigits(s: string): string {
  return s.replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660));
}

/** A valid national code from 9 digits (DESIGN.md "Identifiers"). */
export function nationalCode(first9: string): string {
  const d = first9.split('').map(Number);
  const s = d.reduce((acc, x, i) => acc + x * (10 - i), 0);
  const r = s % 11;
  return first9 + String(r < 2 ? r : 11 - r);
}

/** One bridge call from the page (its session cookie); throws with main's answer on a refusal. */
export async function api<T = unknown>(page: Page, channel: string, input: unknown): Promise<T> {
  const res = await page.evaluate(
    async ([c, i]) => {
      const r = await fetch(`/api/${c}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(i) });
      return (await r.json()) as { ok: boolean; data?: unknown; error?: unknown };
    },
    [channel, input] as const,
  );
  if (!res.ok) throw new Error(`${channel} refused: ${JSON.stringify(res.error)}`);
  return res.data as T;
}

export interface Applicant {
  nationalCode: string;
  firstName: string;
  lastName: string;
  insuranceNumber: string;
  mobile: string;
  email?: string;
}

/** BR-1: registers a citizen the way the register screen does (terms version, an open group). */
export async function registerCitizen(page: Page, who: Applicant): Promise<{ accountId: number; username: string }> {
  const terms = await api<{ version: string }>(page, 'settings:terms', {});
  const groups = await api<Array<{ id: number; registrationOpen: boolean }>>(page, 'reference:groups', {});
  const branches = await api<Array<{ id: number }>>(page, 'reference:branches', { query: '' });
  return api(page, 'accounts:register', {
    kind: 'citizen',
    nationalCode: who.nationalCode,
    termsAccepted: true,
    termsVersion: terms.version,
    idDocument: { type: 'national_card', number: who.nationalCode },
    branchId: branches[0]!.id,
    insuranceGroupId: groups.find((g) => g.registrationOpen)!.id,
    insuranceNumber: who.insuranceNumber,
    mobile: who.mobile,
    email: who.email ?? '',
    firstName: who.firstName,
    lastName: who.lastName,
  });
}

export interface TrainingSms {
  at: string;
  reference: string;
  to: string;
  text: string;
}

/** The training adapter's file: one JSON line per "sent" SMS. */
export function readTrainingSms(desk: BrowserMode): TrainingSms[] {
  const file = path.join(desk.dataDir, 'sms-training.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as TrainingSms);
}

/** Waits for the dispatcher to "send" an SMS that matches. */
export async function waitForSms(desk: BrowserMode, match: (m: TrainingSms) => boolean, timeoutMs = 20_000): Promise<TrainingSms> {
  let found: TrainingSms | undefined;
  await expect
    .poll(
      () => {
        found = readTrainingSms(desk).find(match);
        return found !== undefined;
      },
      { timeout: timeoutMs, message: 'the SMS never reached the training file' },
    )
    .toBe(true);
  return found!;
}
