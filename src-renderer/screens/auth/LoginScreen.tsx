import { Box, Paper, Stack, Typography } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { contract } from '../../../shared/contract';
import { useAction } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { ErrorAlert, FormText, PasswordText, SubmitButton, useZodForm } from '../../lib/forms';
import { startRouteHistory } from '../../lib/route';

const t = fa.staffAuth.login;

/** Staff login; a login always lands on home, whatever address the page was left at (issue 12 item 7). */
export default function LoginScreen() {
  const qc = useQueryClient();
  const login = useAction('staff:login');
  const form = useZodForm(contract['staff:login'].input, { username: '', password: '' });
  const submit = form.handleSubmit((v) =>
    login.mutate(v, {
      onSuccess: (me) => {
        // Home first, then the person: no screen of the old address mounts under the new login.
        startRouteHistory(true);
        qc.setQueryData(['staff:me', {}], me);
      },
    }),
  );
  return (
    <Box sx={{ maxWidth: 420, mx: 'auto', my: 6 }}>
      <Paper component="form" onSubmit={submit} noValidate sx={{ p: 3 }} data-testid="login-screen">
        <Typography variant="h5" component="h2" gutterBottom>
          {t.title}
        </Typography>
        <Stack spacing={2}>
          <FormText control={form.control} name="username" label={t.username} autoFocus slotProps={{ htmlInput: { dir: 'ltr', autoComplete: 'username' } }} />
          <PasswordText control={form.control} name="password" label={t.password} />
          <ErrorAlert error={login.error?.body} />
          <SubmitButton loading={login.isPending}>{t.submit}</SubmitButton>
        </Stack>
      </Paper>
    </Box>
  );
}
