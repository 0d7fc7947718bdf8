import { Chip } from '@mui/material';
import type { BackupStatus } from '../../shared/contract/backups.contract';
import { fa } from '../i18n/fa';
import { fa as faDigits } from '../lib/format';

const t = fa.backups;

/** «۳ ساعت», «۲ روز»: the age of the last good backup. */
export function backupAge(minutes: number): string {
  if (minutes < 60) return t.age.minutes(faDigits(minutes));
  if (minutes < 48 * 60) return t.age.hours(faDigits(Math.floor(minutes / 60)));
  return t.age.days(faDigits(Math.floor(minutes / 1440)));
}

/** What the chip says for a status. */
export function backupLabel(s: BackupStatus): string {
  if (s.running) return t.chip.running;
  if (s.state === 'ok') return t.chip.ok(backupAge(s.ageMinutes ?? 0));
  if (s.state === 'stale') return s.ageMinutes === null ? t.chip.never : t.chip.stale(backupAge(s.ageMinutes));
  return t.chip[s.state];
}

/** Red after 24 h without a good backup or when the folder is unreachable; amber while a step is missing. */
const COLOR = { ok: 'success', stale: 'error', unreachable: 'error', 'not-configured': 'warning', 'no-passphrase': 'warning', postgresql: 'default' } as const;

/** Backups: the age of the last good backup, on the home screen and in the status bar. */
export function BackupChip({ status, testId }: { status: BackupStatus; testId: string }) {
  return <Chip size="small" data-testid={testId} data-state={status.state} color={COLOR[status.state]} label={backupLabel(status)} />;
}
