import { Chip } from '@mui/material';
import type { HqLinkStatus } from '../../shared/contract/hq-link.contract';
import { fa } from '../i18n/fa';
import { fa as faDigits } from '../lib/format';

const t = fa.hqLink;

/** «ستاد: برخط — رسیده تا ردیف ۱۲۰؛ ۵ ردیف و ۰٫۳ ساعت عقب». */
export function hqLinkLabel(s: HqLinkStatus): string {
  const state = `${t.label}: ${t.state[s.state]}`;
  if (s.state === 'not-configured') return state;
  const behind = s.behindEntries === 0 ? t.upToDate(faDigits(s.ackedSeq)) : t.behind(faDigits(s.ackedSeq), faDigits(s.behindEntries), faDigits(s.behindHours));
  return `${state} — ${behind}`;
}

/** Red when stopped (the alarm), amber offline, green online. */
const COLOR = { online: 'success', offline: 'warning', stopped: 'error', unknown: 'default', 'not-configured': 'default' } as const;

/** Issue 9: the live link to headquarters, in the status bar and on the home screen. */
export function HqLinkChip({ status, testId }: { status: HqLinkStatus; testId: string }) {
  return (
    <Chip
      size="small"
      data-testid={testId}
      data-state={status.state}
      data-acked={status.ackedSeq}
      data-behind={status.behindEntries}
      color={COLOR[status.state]}
      label={hqLinkLabel(status)}
      title={status.state === 'offline' && status.offlineReason ? t.offlineReason[status.offlineReason] : undefined}
    />
  );
}
