import { Box, Chip, Stack, Typography } from '@mui/material';
import { useEffect, useRef } from 'react';
import type { AppStatus } from '../../shared/contract/app.contract';
import { toPersianDigits } from '../../shared/text/digits';
import { fa } from '../i18n/fa';
import { STATUS_BAR_HEIGHT_VAR } from '../lib/notify';
import { BackupChip } from './BackupChip';
import { HqLinkChip } from './HqLinkChip';

/** Keeps STATUS_BAR_HEIGHT_VAR on the document equal to the bar's height (it wraps on narrow windows). */
function useHeightVar() {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const root = document.documentElement.style;
    const set = () => root.setProperty(STATUS_BAR_HEIGHT_VAR, `${el.getBoundingClientRect().height}px`);
    set();
    const watch = new ResizeObserver(set);
    watch.observe(el);
    return () => {
      watch.disconnect();
      root.removeProperty(STATUS_BAR_HEIGHT_VAR);
    };
  }, []);
  return ref;
}

/** `unavailable`: no status will come (the page has no session); otherwise null means still loading. */
export function StatusBar({ status, unavailable = false }: { status: AppStatus | null; unavailable?: boolean }) {
  const ref = useHeightVar();
  return (
    <Box
      ref={ref}
      component="footer"
      role="status"
      data-testid="status-bar"
      data-state={status ? 'ready' : unavailable ? 'unavailable' : 'loading'}
      sx={{ borderTop: 1, borderColor: 'divider', px: 2, py: 0.5, bgcolor: 'grey.100' }}
    >
      {status ? (
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
          <Typography variant="body2" data-testid="status-version">
            {fa.status.version} {toPersianDigits(status.version)}
          </Typography>
          <Typography variant="body2" data-testid="status-mode">
            {fa.status.mode[status.mode]}
          </Typography>
          <Typography variant="body2" data-testid="status-database">
            {fa.status.database}: {status.database.ready ? fa.status.databaseReady : fa.status.databaseDown} (
            {fa.status.engine[status.database.engine]})
          </Typography>
          <Chip
            size="small"
            data-testid="status-sms"
            data-state={status.sms.state}
            data-queued={status.sms.queued}
            color={status.sms.state === 'online' ? 'success' : status.sms.state === 'offline' ? 'warning' : 'default'}
            label={`${fa.status.sms} ${fa.status.adapter[status.sms.adapter]}: ${fa.status.smsState[status.sms.state]} — ${fa.status.queued} ${toPersianDigits(status.sms.queued)}`}
          />
          {status.upgrade.pending && (
            <Typography variant="body2" data-testid="status-upgrade" data-percent={status.upgrade.percent} title={fa.status.upgradeHint}>
              {fa.status.upgrade(toPersianDigits(status.upgrade.percent))}
            </Typography>
          )}
          <BackupChip status={status.backup} testId="status-backup" />
          {status.sessionKind === 'staff' && <HqLinkChip status={status.hq} testId="status-hq" />}
        </Stack>
      ) : (
        <Typography variant="body2">{unavailable ? fa.status.unavailable : fa.status.loading}</Typography>
      )}
    </Box>
  );
}
