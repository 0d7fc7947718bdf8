import PrintIcon from '@mui/icons-material/Print';
import { Alert, Box, Button, Paper, Stack, Typography } from '@mui/material';
import { fa, WARNING_MESSAGES_FA } from '../../i18n/fa';
import { fa as faDigits, jalaliDate, jalaliDateTime } from '../../lib/format';
import type { RegisteredApplicant, RegisterResult } from './register-form';

const t = fa.register.receipt;

function Row({ label, value, testId, ltr }: { label: string; value: string; testId: string; ltr?: boolean }) {
  return (
    <Box sx={{ display: 'flex', gap: 2, py: 0.75, borderBottom: 1, borderColor: 'divider' }}>
      <Typography sx={{ minWidth: 140, color: 'text.secondary' }}>{label}</Typography>
      <Typography sx={{ fontWeight: 700 }} data-testid={testId} dir={ltr ? 'ltr' : undefined}>
        {value}
      </Typography>
    </Box>
  );
}

/**
 * REG-11 and the printable receipt: the username, branch, date and the rule that the initial
 * password is the code itself (REG-3, LOG-2). No password of any kind is ever printed.
 */
export function RegisterReceipt({ result, who, onAnother }: { result: RegisterResult; who: RegisteredApplicant; onAnother: () => void }) {
  return (
    <Stack spacing={2} data-testid="register-receipt">
      <Alert severity="success" data-testid="register-success" sx={{ fontSize: '1.1rem' }}>
        {result.message}
      </Alert>
      {result.warnings.map((w) => (
        <Alert key={w} severity="warning" data-testid={`register-warning-${w}`}>
          {WARNING_MESSAGES_FA[w]}
        </Alert>
      ))}
      <Paper variant="outlined" sx={{ p: 3, maxWidth: 640 }} data-testid="receipt-slip">
        <Typography variant="body2" color="text.secondary">
          {t.org}
        </Typography>
        <Typography variant="h6" component="h3" gutterBottom>
          {t.title}
        </Typography>
        <Row label={t.username} value={faDigits(result.username)} testId="receipt-username" ltr />
        <Row label={t.kind} value={t.kinds[who.kind]} testId="receipt-kind" />
        {who.fullName && <Row label={t.name} value={who.fullName} testId="receipt-name" />}
        <Row label={t.branch} value={result.branchName} testId="receipt-branch" />
        <Row label={t.date} value={jalaliDateTime(result.registeredAt)} testId="receipt-date" />
        <Typography sx={{ mt: 2, fontWeight: 700 }} data-testid="receipt-password-rule">
          {t.initialPassword}
        </Typography>
        <Typography variant="body2" sx={{ mt: 1 }}>
          {t.expires(jalaliDate(result.initialPasswordExpiresAt))}
        </Typography>
      </Paper>
      <Stack direction="row" spacing={2} className="no-print">
        <Button variant="contained" startIcon={<PrintIcon />} autoFocus onClick={() => window.print()} data-testid="receipt-print">
          {t.print}
        </Button>
        <Button variant="outlined" onClick={onAnother} data-testid="register-another">
          {t.another}
        </Button>
      </Stack>
    </Stack>
  );
}
