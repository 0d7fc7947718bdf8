import AssessmentIcon from '@mui/icons-material/Assessment';
import PersonAddIcon from '@mui/icons-material/PersonAdd';
import SearchIcon from '@mui/icons-material/Search';
import { Alert, Box, Button, Chip, Paper, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useCall } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { fa as faDigits, jalaliDate } from '../../lib/format';
import { navigate } from '../../lib/route';
import { ErrorAlert } from '../../lib/forms';
import { BackupChip } from '../../shell/BackupChip';
import { HqLinkChip } from '../../shell/HqLinkChip';

const t = fa.home;
const GATEWAY_COLOR = { online: 'success', offline: 'warning', unknown: 'default' } as const;

function Card({ testId, label, children }: { testId: string; label: string; children: ReactNode }) {
  return (
    <Paper data-testid={testId} sx={{ p: 2, minWidth: 180, flex: '1 1 180px' }}>
      <Typography color="text.secondary">{label}</Typography>
      {children}
    </Paper>
  );
}

function Count({ value }: { value: number | undefined }) {
  return (
    <Typography variant="h3" component="p" data-testid="count" sx={{ fontWeight: 700 }}>
      {value === undefined ? fa.none : faDigits(value)}
    </Typography>
  );
}

/** Issue 4 item 3: today's counts at this branch, the SMS outbox and gateway (BR-4), shortcuts. */
export default function HomeScreen(_props: { params?: Record<string, string> }) {
  const today = useCall('reports:today', {}, { refetchInterval: 30_000 });
  const status = useCall('app:status', {}, { refetchInterval: 15_000 });
  const me = useCall('staff:me', {});
  const sms = status.data?.sms;

  return (
    <Stack spacing={3} data-testid="home-screen">
      <Box>
        <Typography variant="h5" component="h2">
          {me.data ? t.welcome(me.data.displayName) : t.title}
        </Typography>
        <Typography color="text.secondary" data-testid="home-day">
          {t.today(today.data ? jalaliDate(today.data.day) : fa.none)}
        </Typography>
      </Box>

      <ErrorAlert error={today.error?.body} />
      <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 2 }}>
        <Card testId="home-registrations" label={t.counts.registrations}>
          <Count value={today.data?.registrations} />
        </Card>
        <Card testId="home-resets" label={t.counts.resets}>
          <Count value={today.data?.resets} />
        </Card>
        <Card testId="home-identifiers" label={t.counts.identifiers}>
          <Count value={today.data?.identifiers} />
        </Card>
        <Card testId="home-outbox" label={t.outbox.queued}>
          <Count value={sms?.queued} />
          {sms && (
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
              <Chip
                size="small"
                data-testid="home-gateway"
                data-state={sms.state}
                color={GATEWAY_COLOR[sms.state]}
                label={`${t.outbox.gateway}: ${fa.status.smsState[sms.state]}`}
              />
              <Button size="small" onClick={() => navigate('/outbox')}>
                {t.outbox.open}
              </Button>
            </Stack>
          )}
        </Card>
      </Stack>
      {status.data && (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} data-testid="home-backup">
          <Typography>{fa.backups.title}:</Typography>
          <BackupChip status={status.data.backup} testId="home-backup-state" />
          {me.data?.role === 'supervisor' && (
            <Button size="small" onClick={() => navigate('/backups')}>
              {fa.backups.open}
            </Button>
          )}
        </Stack>
      )}
      {status.data && (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} data-testid="home-hq">
          <HqLinkChip status={status.data.hq} testId="home-hq-state" />
          {me.data?.role === 'supervisor' && (
            <Button size="small" onClick={() => navigate('/hq')}>
              {fa.hqLink.alarm.open}
            </Button>
          )}
        </Stack>
      )}
      {status.data?.hq.state === 'stopped' && (
        <Alert severity="error" variant="filled" data-testid="home-hq-alarm">
          {fa.hqLink.alarm.home}
        </Alert>
      )}
      {sms?.state === 'offline' && (
        <Alert severity="warning" data-testid="home-offline">
          {t.outbox.offline}
        </Alert>
      )}

      <Box>
        <Typography variant="h6" component="h3" gutterBottom>
          {t.actions.title}
        </Typography>
        <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 2 }}>
          <Button variant="contained" size="large" startIcon={<PersonAddIcon />} autoFocus onClick={() => navigate('/register')} data-testid="home-register">
            {t.actions.register}
          </Button>
          <Button variant="outlined" size="large" startIcon={<SearchIcon />} onClick={() => navigate('/lookup')} data-testid="home-lookup">
            {t.actions.lookup}
          </Button>
          {me.data?.role === 'supervisor' && (
            <Button variant="outlined" size="large" startIcon={<AssessmentIcon />} onClick={() => navigate('/report')} data-testid="home-report">
              {t.actions.report}
            </Button>
          )}
        </Stack>
      </Box>
    </Stack>
  );
}
