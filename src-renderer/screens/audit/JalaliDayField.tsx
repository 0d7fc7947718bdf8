import { Box } from '@mui/material';
import { DatePicker } from '@mui/x-date-pickers';

/** One Jalali day (typed or picked) for the audit filters; the calendar setup is the app's (lib/jalali). */
export function JalaliDayField({ label, value, onChange, testId }: { label: string; value: Date | null; onChange: (d: Date | null) => void; testId: string }) {
  return (
    <Box data-testid={testId} sx={{ width: 210 }}>
      <DatePicker label={label} value={value} onChange={onChange} slotProps={{ field: { clearable: true }, textField: { fullWidth: true } }} />
    </Box>
  );
}
