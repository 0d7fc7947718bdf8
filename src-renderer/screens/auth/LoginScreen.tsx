import { Box, Paper, Stack, Typography } from '@mui/material';
import { contract } from '../../../shared/contract';
import { useAction } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { ErrorAlert, FormText, PasswordText, SubmitButton, useZodForm } from '../../lib/forms';

const t = fa.staffAuth.login;

export default function LoginScreen() {
  const login = useAction('staff:login', { invalidates: ['staff:me'] });
  const form = useZodForm(contract['staff:login'].input, { username: '', password: '' });
  const submit = form.handleSubmit((v) => login.mutate(v));
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
