import { Alert, Button, Stack, Typography } from '@mui/material';
import { contract } from '../../../shared/contract';
import type { Output } from '../../../shared/contract';
import { useAction } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { applyServerIssues, ErrorAlert, PasswordText, SubmitButton, useZodForm } from '../../lib/forms';
import { keepFocus, KioskPanel, KioskUsernameField } from './KioskPanel';

const t = fa.kiosk.login;

/** LOG-1: username = national code / identifier; the first password is the same code. */
export function KioskLogin({ onLoggedIn, onForgot }: { onLoggedIn: (me: Output<'portal:login'>) => void; onForgot: () => void }) {
  const login = useAction('portal:login');
  const form = useZodForm(contract['portal:login'].input, { username: '', password: '' });
  const submit = form.handleSubmit((v) =>
    login.mutate(v, {
      onSuccess: onLoggedIn,
      onError: (e) => {
        if (applyServerIssues(form.setError, e.body)) return;
        // A kiosk keeps no typed password around after a refusal.
        form.setValue('password', '');
        form.setFocus('password');
      },
    }),
  );
  return (
    <KioskPanel title={t.title} testId="kiosk-login" onSubmit={submit}>
      <Typography sx={{ mb: 2 }}>{t.intro}</Typography>
      <Stack spacing={2}>
        <KioskUsernameField control={form.control} name="username" label={t.username} helperText={t.usernameHelp} testId="kiosk-username" />
        <PasswordText control={form.control} name="password" label={t.password} data-testid="kiosk-password" />
        <Alert severity="info" data-testid="kiosk-first-login-hint">
          {t.firstTime}
        </Alert>
        <ErrorAlert error={login.error?.body} />
        <SubmitButton loading={login.isPending}>{t.submit}</SubmitButton>
        <Button onClick={onForgot} onMouseDown={keepFocus} data-testid="kiosk-forgot">
          {t.forgot}
        </Button>
      </Stack>
    </KioskPanel>
  );
}
