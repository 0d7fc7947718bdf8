import { Alert, Box, CircularProgress, Paper, Typography } from '@mui/material';
import { useCall } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { ErrorAlert } from '../../lib/forms';
import { fa as digits, jalaliDateTime } from '../../lib/format';

const t = fa.hq.status;

/** One labelled figure of a ستاد card. */
export function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Box sx={{ minWidth: 180 }}>
      <Typography variant="body2" color="text.secondary">
        {label}
      </Typography>
      <Typography variant="h6" data-testid={testId}>
        {value}
      </Typography>
    </Box>
  );
}

/** The last sequence headquarters acknowledged and how far (entries, hours) the branch is behind. */
export function HqStatusCard() {
  const status = useCall('hq:status', {}, { refetchInterval: 30_000 });
  const s = status.data;
  return (
    <Paper sx={{ p: 2 }} data-testid="hq-status">
      <Typography variant="h6" component="h3" sx={{ mb: 1 }}>
        {t.title}
      </Typography>
      <ErrorAlert error={status.error?.body} />
      {status.isPending && <CircularProgress aria-label={fa.loading} />}
      {s && (
        <>
          <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 3 }}>
            <Figure label={t.lastSeq} value={digits(s.lastSeq)} testId="hq-last-seq" />
            <Figure label={t.ackedSeq} value={digits(s.ackedSeq)} testId="hq-acked-seq" />
            <Figure label={t.behindEntries} value={digits(s.behindEntries)} testId="hq-behind-entries" />
            <Figure label={t.behindHours} value={t.hours(digits(s.behindHours))} testId="hq-behind-hours" />
            <Figure label={t.unackedBatches} value={digits(s.unackedBatches)} testId="hq-unacked-batches" />
            <Figure label={t.lastAckAt} value={s.lastAckAt ? jalaliDateTime(s.lastAckAt) : t.never} testId="hq-last-ack" />
          </Box>
          {s.behindEntries === 0 && (
            <Alert severity="success" sx={{ mt: 2 }}>
              {t.upToDate}
            </Alert>
          )}
        </>
      )}
    </Paper>
  );
}
