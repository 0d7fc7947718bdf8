import { Alert, Box, Paper, Stack, Typography } from '@mui/material';
import { contract } from '../../../shared/contract';
import { useAction } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { applyServerIssues, ErrorAlert, PasswordText, SubmitButton, submitFresh, useZodForm } from '../../lib/forms';
import { useNotify } from '../../lib/notify';

const t = fa.staffAuth.change;

export default function ChangeOwnPasswordScreen({ forced = false }: { forced?: boolean; params?: Record<string, string> }) {
  const notify = useNotify();
  const change = useAction('staff:change-password', { invalidates: ['staff:me'] });
  const form = useZodForm(contract['staff:change-password'].input, { current: '', next: '', repeat: '' });
  const submit = submitFresh(form, change, (v) =>
    change.mutate(v, {
      onSuccess: () => {
        form.reset();
        notify(t.done);
      },
      onError: (e) => applyServerIssues(form.setError, e.body),
    }),
  );
  return (
    <Box sx={{ maxWidth: 480, mx: 'auto', my: 4 }}>
      <Paper component="form" onSubmit={submit} noValidate sx={{ p: 3 }} data-testid="change-password-screen">
        <Typography variant="h5" component="h2" gutterBottom>
          {t.title}
        </Typography>
        {forced && <Alert severity="warning" sx={{ mb: 2 }}>{t.forced}</Alert>}
        <Stack spacing={2}>
          <PasswordText control={form.control} name="current" label={t.current} autoFocus />
          <PasswordText control={form.control} name="next" label={t.next} helperText={t.rules} />
          <PasswordText control={form.control} name="repeat" label={t.repeat} />
          <ErrorAlert error={change.error?.body} />
          <SubmitButton loading={change.isPending}>{t.submit}</SubmitButton>
        </Stack>
      </Paper>
    </Box>
  );
}
