import type { Page } from '@playwright/test';
import type { ErrorBody } from '../../../shared/envelope';
import { closedPort } from './ports';

/**
 * Test data and bridge calls for the end-to-end tests: the same channels the renderer calls, made
 * from inside a page so that its own session cookie (staff or kiosk) applies. Use them to prepare
 * what another test already proves through the UI, or to check what main answers to a direct call.
 */

/** Latin digits → Persian digits, as the screens show numbers. */
export function persianDigits(text: string | number): string {
  return String(text).replace(/[0-9]/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);
}

/** Persian and Arabic-Indic digits → Latin, to compare what a screen shows with main's data. */
export function latinDigits(text: string): string {
  return text
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660));
}

/**
 * A valid national code from its first nine digits. Computed here rather than with shared's
 * function, so that the tests do not share a mistake with the code under test.
 */
export function nationalCode(first9: string): string {
  const sum = first9.split('').reduce((acc, d, i) => acc + Number(d) * (10 - i), 0);
  const r = sum % 11;
  return first9 + String(r < 2 ? r : 11 - r);
}

/** The envelope as main sent it: `data` on success, `error` on a refusal. */
export interface CallResult<T> {
  status: number;
  body: { ok: boolean; data?: T; error?: ErrorBody };
}

/** Which loopback bridge: the staff desk's `/api/` or the kiosk's `/kiosk-api/`. */
export type Bridge = 'staff' | 'kiosk';

/** One bridge call from the page with its session cookie: the raw envelope, refusals included. */
export async function rawCall<T = unknown>(page: Page, channel: string, input: unknown, bridge: Bridge = 'staff'): Promise<CallResult<T>> {
  const url = `${bridge === 'kiosk' ? '/kiosk-api/' : '/api/'}${channel}`;
  return page.evaluate(
    async ([u, i]) => {
      const r = await fetch(u, { method: 'POST', headers: { 'Content-Type': 'application/json' }, credentials: 'same-origin', body: JSON.stringify(i) });
      return { status: r.status, body: (await r.json()) as { ok: boolean; data?: T; error?: ErrorBody } };
    },
    [url, input] as const,
  );
}

/** A staff call that must succeed; throws with main's refusal otherwise. */
export async function api<T = unknown>(page: Page, channel: string, input: unknown): Promise<T> {
  const { body } = await rawCall<T>(page, channel, input);
  if (!body.ok) throw new Error(`${channel} refused: ${JSON.stringify(body.error)}`);
  return body.data as T;
}

export interface Applicant {
  nationalCode: string;
  insuranceNumber: string;
  mobile: string;
  firstName?: string;
  lastName?: string;
  email?: string;
}

/**
 * BR-1: registers a citizen the way the Register screen does (the current terms, an open group,
 * the first branch). The screen itself is proven in register.e2e.ts and counter-flow.e2e.ts.
 */
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
    ...(who.email !== undefined ? { email: who.email } : {}),
    ...(who.firstName !== undefined ? { firstName: who.firstName } : {}),
    ...(who.lastName !== undefined ? { lastName: who.lastName } : {}),
  });
}

/** The temporary password a supervisor types for a new colleague in these tests. */
export const TEMPORARY_PASSWORD = 'Hand-Over-1405';

/**
 * A supervisor (logged in on `page`) adds a staff member with the same `staff:create` call the
 * Staff screen makes (proven through the UI in admin.e2e.ts), with a temporary password the
 * supervisor chose; main answers the staff summary only.
 */
export async function createStaff(
  page: Page,
  staff: { username: string; displayName: string; role?: 'clerk' | 'supervisor'; temporaryPassword?: string },
): Promise<{ username: string; displayName: string; temporaryPassword: string }> {
  const temporaryPassword = staff.temporaryPassword ?? TEMPORARY_PASSWORD;
  await api(page, 'staff:create', { role: 'clerk', ...staff, temporaryPassword });
  return { username: staff.username, displayName: staff.displayName, temporaryPassword };
}

/** The SMS gateway offline for real (not training): SMPP on a loopback port nobody listens on, with a password, so sends fail. */
export async function configureUnreachableSmpp(page: Page): Promise<void> {
  const settings = await api<{ smpp: Record<string, unknown> }>(page, 'settings:get', {});
  await api(page, 'settings:update', { smsAdapter: 'smpp', smpp: { ...settings.smpp, port: await closedPort(), connectTimeoutSeconds: 5 } });
  await api(page, 'sms:set-password', { gateway: 'smpp', password: 'pw' });
}
