import { Box, Chip, Stack, Typography } from '@mui/material';
import type { AppStatus } from '../../shared/contract/app.contract';
import { toPersianDigits } from '../../shared/text/digits';
import { fa } from '../i18n/fa';
import { BackupChip } from './BackupChip';
import { HqLinkChip } from './HqLinkChip';

export function StatusBar({ status }: { status: AppStatus | null }) {
  return (
    <Box
      component="footer"
      role="status"
      data-testid="status-bar"
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
          <BackupChip status={status.backup} testId="status-backup" />
          {status.sessionKind === 'staff' && <HqLinkChip status={status.hq} testId="status-hq" />}
        </Stack>
      ) : (
        <Typography variant="body2">{fa.status.loading}</Typography>
      )}
    </Box>
  );
}
