import { Box, Stack, Typography } from '@mui/material';
import { fa } from '../../i18n/fa';

const t = fa.kiosk.recover;
const TRACKING_COLOR = '#bbdefb';
const PASSWORD_COLOR = '#ffe0b2';

function Slot({ color, testId }: { color: string; testId: string }) {
  return (
    <Box component="mark" data-testid={testId} sx={{ bgcolor: color, px: 0.5, borderRadius: 0.5, fontFamily: 'monospace' }}>
      {t.placeholder}
    </Box>
  );
}

function Legend({ color, label }: { color: string; label: string }) {
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <Box sx={{ width: 16, height: 16, bgcolor: color, borderRadius: 0.5 }} />
      <Typography variant="body2">{label}</Typography>
    </Stack>
  );
}

/** REC-2: what the SMS will say, and where the tracking code and the new password sit in it. */
export function SmsSample() {
  return (
    <Box>
      <Typography variant="subtitle1" gutterBottom>
        {t.smsTitle}
      </Typography>
      <Box
        data-testid="sms-sample"
        sx={{ bgcolor: 'grey.100', border: 1, borderColor: 'divider', borderRadius: 3, borderStartStartRadius: 0, p: 2, lineHeight: 2 }}
      >
        {t.smsBefore}
        <Slot color={TRACKING_COLOR} testId="sms-sample-tracking" />
        {t.smsMiddle}
        <Slot color={PASSWORD_COLOR} testId="sms-sample-password" />
        {t.smsAfter}
      </Box>
      <Stack direction="row" spacing={3} sx={{ mt: 1 }}>
        <Legend color={TRACKING_COLOR} label={t.trackingLabel} />
        <Legend color={PASSWORD_COLOR} label={t.passwordLabel} />
      </Stack>
    </Box>
  );
}
