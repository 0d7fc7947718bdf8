import { expect } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The training SMS adapter (browser mode with `--training`) "sends" by appending one JSON line per
 * message to `<dataDir>/sms-training.jsonl`: what the person's phone would receive.
 */

export interface TrainingSms {
  at: string;
  reference: string;
  to: string;
  text: string;
}

/** Anything that names the data folder: a running BrowserMode, or a folder kept across restarts. */
export interface HasDataDir {
  readonly dataDir: string;
}

export function smsFile(where: HasDataDir): string {
  return path.join(where.dataDir, 'sms-training.jsonl');
}

/** Every message "sent" so far, oldest first. */
export function readTrainingSms(where: HasDataDir): TrainingSms[] {
  const file = smsFile(where);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as TrainingSms);
}

/** Waits until the dispatcher has "sent" a message that matches; the first such message. */
export async function waitForSms(where: HasDataDir, match: (m: TrainingSms) => boolean, timeoutMs = 20_000): Promise<TrainingSms> {
  let found: TrainingSms | undefined;
  await expect
    .poll(
      () => {
        found = readTrainingSms(where).find(match);
        return found !== undefined;
      },
      { timeout: timeoutMs, intervals: [100, 200, 300], message: `no matching SMS reached ${smsFile(where)}` },
    )
    .toBe(true);
  return found!;
}

/** REC-2's sentence: «کاربر گرامی برای درخواست شما به کد رهگیری 22617186 رمز 12320988 تخصیص داده شد.» */
const RESET_SMS = /^کاربر گرامی برای درخواست شما به کد رهگیری (\d{8}) رمز (\d{8}) تخصیص داده شد\.$/;

/** The tracking code and the new password of a reset SMS, or null when the text is not REC-2's sentence. */
export function parseResetSms(text: string): { trackingCode: string; password: string } | null {
  const m = RESET_SMS.exec(text);
  return m ? { trackingCode: m[1]!, password: m[2]! } : null;
}

/** Waits for the reset SMS carrying this tracking code (REC-2) and reads its password. */
export async function waitForResetSms(where: HasDataDir, to: string, trackingCode: string): Promise<TrainingSms & { password: string }> {
  const sms = await waitForSms(where, (m) => m.to === to && parseResetSms(m.text)?.trackingCode === trackingCode);
  return { ...sms, password: parseResetSms(sms.text)!.password };
}
