import SaveAltIcon from '@mui/icons-material/SaveAlt';
import { Alert, Box, Button, LinearProgress, Paper, Stack, TextField, Typography } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useAction, useCall } from '../../api/hooks';
import { ERROR_MESSAGES_FA, fa } from '../../i18n/fa';
import { ErrorAlert } from '../../lib/forms';
import { fa as digits } from '../../lib/format';

const t = fa.hq.exporting;

/** Writes the unacknowledged batches to a folder; a long export shows its progress (polled). */
export function ExportPanel() {
  const qc = useQueryClient();
  const [folder, setFolder] = useState('');
  const start = useAction('hq:export-start');
  const [watching, setWatching] = useState(false);
  const progress = useCall(
    'hq:export-progress',
    {},
    { refetchInterval: (q) => (watching && q.state.data?.state !== 'done' && q.state.data?.state !== 'failed' ? 400 : false) },
  );
  const p = watching ? progress.data : undefined;
  const running = start.isPending || p?.state === 'running';
  const ended = watching && p !== undefined && p.state !== 'running';
  useEffect(() => {
    if (ended) void qc.invalidateQueries({ queryKey: ['hq:status'] });
  }, [ended, qc]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    start.mutate(
      { folder: folder.trim() },
      {
        onSuccess: (job) => {
          // The new job's state at once, so the poll starts from "running", not the last export's end.
          qc.setQueryData(['hq:export-progress', {}], job);
          setWatching(true);
        },
      },
    );
  };

  return (
    <Paper sx={{ p: 2 }} data-testid="hq-export">
      <Typography variant="h6" component="h3" sx={{ mb: 1 }}>
        {t.title}
      </Typography>
      <Box component="form" onSubmit={onSubmit} noValidate>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: 'flex-start' }}>
          <TextField
            label={t.folder}
            value={folder}
            onChange={(e) => setFolder(e.target.value)}
            autoFocus
            fullWidth
            required
            slotProps={{ htmlInput: { dir: 'ltr', 'data-testid': 'hq-export-folder', spellCheck: false } }}
          />
          <Button type="submit" variant="contained" startIcon={<SaveAltIcon />} disabled={running || folder.trim() === ''} data-testid="hq-export-start" sx={{ whiteSpace: 'nowrap', minWidth: 220 }}>
            {t.start}
          </Button>
        </Stack>
      </Box>
      <ErrorAlert error={start.error?.body} />
      {p && p.state === 'running' && (
        <Box sx={{ mt: 2 }} data-testid="hq-export-progress">
          <Typography variant="body2">
            {p.phase === 'preparing' ? t.preparing : t.writing} — {t.progress(digits(p.done), digits(p.total))}
          </Typography>
          <LinearProgress variant={p.total > 0 ? 'determinate' : 'indeterminate'} value={p.total > 0 ? Math.min(100, (100 * p.done) / p.total) : 0} />
        </Box>
      )}
      {p?.state === 'done' && (
        <Alert severity="success" sx={{ mt: 2 }} data-testid="hq-export-done">
          {p.batches.length > 0 ? t.done(digits(p.batches.length)) : t.nothing}
          {p.batches.map((b) => (
            <Box key={b} dir="ltr" sx={{ fontFamily: 'monospace' }}>
              {b}
            </Box>
          ))}
        </Alert>
      )}
      {p?.state === 'failed' && p.errorCode && (
        <Alert severity="error" sx={{ mt: 2 }} data-testid="hq-export-failed">
          {ERROR_MESSAGES_FA[p.errorCode]}
        </Alert>
      )}
    </Paper>
  );
}
