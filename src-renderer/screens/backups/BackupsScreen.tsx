import { Alert, Box, Button, CircularProgress, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { Output } from '../../../shared/contract';
import { useAction, useCall } from '../../api/hooks';
import { ERROR_MESSAGES_FA, fa } from '../../i18n/fa';
import { ErrorAlert } from '../../lib/forms';
import { fa as faDigits, jalaliDateTime } from '../../lib/format';
import { useNotify } from '../../lib/notify';
import { BackupChip } from '../../shell/BackupChip';
import { BackupPassphraseForm } from './BackupPassphraseForm';
import { BackupSettingsForm } from './BackupSettingsForm';

const t = fa.backups;

function BackupList({ list }: { list: Output<'backups:list'> }) {
  if (list.entries.length === 0) return <Typography data-testid="backup-list-empty">{t.list.empty}</Typography>;
  return (
    <Table size="small" data-testid="backup-list">
      <TableHead>
        <TableRow>
          <TableCell>{t.list.time}</TableCell>
          <TableCell>{t.list.size}</TableCell>
          <TableCell>{t.list.accounts}</TableCell>
          <TableCell>{t.list.state}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {list.entries.map((e) => (
          <TableRow key={e.name} data-testid="backup-row" data-state={e.state} title={e.name}>
            <TableCell>{jalaliDateTime(e.createdAt)}</TableCell>
            <TableCell>{t.list.megabytes(faDigits((e.bytes / 1_000_000).toFixed(1)))}</TableCell>
            <TableCell>{e.accounts === null ? fa.none : faDigits(e.accounts)}</TableCell>
            <TableCell sx={{ color: e.state === 'failed' || e.state === 'incomplete' ? 'error.main' : undefined }}>
              {t.list.states[e.state]}
              {e.code ? ` — ${ERROR_MESSAGES_FA[e.code]}` : ''}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Backups (supervisor): the status, the backups in the folder, the settings, the passphrase, how to restore. */
export default function BackupsScreen(_props: { params?: Record<string, string> }) {
  const notify = useNotify();
  const list = useCall('backups:list', {}, { refetchInterval: 60_000 });
  const settings = useCall('settings:get', {});
  const run = useAction('backups:run', { invalidates: ['backups:list', 'app:status'] });
  const status = list.data?.status;
  return (
    <Box sx={{ p: 2 }} data-testid="backups-screen">
      <Typography variant="h5" component="h2" sx={{ mb: 2 }}>
        {t.title}
      </Typography>
      <Stack spacing={2}>
        <ErrorAlert error={list.error?.body ?? settings.error?.body} />
        {list.isPending && <CircularProgress aria-label={fa.loading} />}
        {list.data && status && (
          <Paper sx={{ p: 2 }}>
            <Stack spacing={1.5}>
              <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
                <BackupChip status={status} testId="backups-status" />
                <Button variant="contained" disabled={run.isPending || status.running} onClick={() => run.mutate({}, { onSuccess: (r) => notify(t.ran(r.name)) })} data-testid="backups-run">
                  {t.runNow}
                </Button>
              </Stack>
              {status.lastError && (
                <Alert severity="error" data-testid="backups-last-error">
                  {t.lastError} {ERROR_MESSAGES_FA[status.lastError]}
                </Alert>
              )}
              <ErrorAlert error={run.error?.body} />
              <Typography variant="h6" component="h3">
                {t.list.title}
              </Typography>
              <BackupList list={list.data} />
            </Stack>
          </Paper>
        )}
        {settings.data && <BackupSettingsForm settings={settings.data} />}
        {list.data && <BackupPassphraseForm isSet={list.data.passphraseSet} />}
        <Paper sx={{ p: 2 }} data-testid="backups-restore-help">
          <Typography variant="h6" component="h3" sx={{ mb: 1 }}>
            {t.restore.title}
          </Typography>
          <Box component="ol" sx={{ m: 0, pr: 3 }}>
            {t.restore.steps.map((s, i) => (
              <li key={s}>
                <Typography variant="body2">{s}</Typography>
                {i === t.restore.commandAfterStep && (
                  <Box component="code" dir="ltr" sx={{ display: 'block', my: 0.5, p: 1, bgcolor: 'grey.100', fontFamily: 'monospace', textAlign: 'left' }}>
                    {t.restore.command}
                  </Box>
                )}
              </li>
            ))}
          </Box>
        </Paper>
      </Stack>
    </Box>
  );
}
