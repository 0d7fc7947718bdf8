import { Alert, AlertTitle, Box, Button, Paper, Stack, Typography } from '@mui/material';
import { useAction } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { ErrorAlert } from '../../lib/forms';
import { jalaliDateTime } from '../../lib/format';
import { useNotify } from '../../lib/notify';
import { HqLinkChip } from '../../shell/HqLinkChip';
import { useStatus } from '../../shell/useStatus';

const t = fa.hqLink;

/**
 * Issue 9: the live link on the «ستاد» screen — its state, why it is offline and when it tries
 * again, and, when headquarters refused a batch, the red alarm with what it means and the
 * supervisor's resume (audited).
 */
export function HqLinkCard() {
  const notify = useNotify();
  const { status } = useStatus();
  const resume = useAction('hq:link-resume', { invalidates: ['app:status', 'hq:status'] });
  const s = status?.hq;
  if (!s) return null;
  return (
    <Paper sx={{ p: 2 }} data-testid="hq-link">
      <Typography variant="h6" component="h3" sx={{ mb: 1 }}>
        {t.card.title}
      </Typography>
      <Stack spacing={1.5}>
        <Box>
          <HqLinkChip status={s} testId="hq-link-state" />
        </Box>
        {s.state === 'not-configured' && <Typography color="text.secondary">{t.card.notConfigured}</Typography>}
        {s.lastContactAt && (
          <Typography variant="body2" color="text.secondary">
            {t.card.lastContact}: {jalaliDateTime(s.lastContactAt)}
          </Typography>
        )}
        {s.state === 'offline' && (
          <Alert severity="warning" data-testid="hq-link-offline" data-reason={s.offlineReason ?? ''}>
            {s.offlineReason && <AlertTitle>{t.offlineReason[s.offlineReason]}</AlertTitle>}
            {t.offlineNote}
            {s.nextAttemptAt && <Box>{t.nextAttempt(jalaliDateTime(s.nextAttemptAt))}</Box>}
          </Alert>
        )}
        {s.stop && (
          <Alert severity="error" variant="filled" data-testid="hq-link-alarm" data-code={s.stop.code}>
            <AlertTitle>{t.alarm.title}</AlertTitle>
            <Box>{t.alarm.why[s.stop.code]}</Box>
            {s.stop.batchId && (
              <Box dir="ltr" sx={{ textAlign: 'right' }}>
                {t.alarm.batch(s.stop.batchId)}
              </Box>
            )}
            <Box>{t.alarm.at(jalaliDateTime(s.stop.at))}</Box>
            <Box sx={{ mt: 1 }}>{t.alarm.resumeHelp}</Box>
            <Button
              sx={{ mt: 1 }}
              variant="contained"
              color="inherit"
              disabled={resume.isPending}
              data-testid="hq-link-resume"
              onClick={() => resume.mutate({}, { onSuccess: () => notify(t.alarm.resumed) })}
            >
              {t.alarm.resume}
            </Button>
          </Alert>
        )}
        <ErrorAlert error={resume.error?.body} />
      </Stack>
    </Paper>
  );
}
