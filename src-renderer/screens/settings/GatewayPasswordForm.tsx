import { Button, Chip, Stack, Typography } from '@mui/material';
import { z } from 'zod';
import { contract } from '../../../shared/contract';
import { useAction } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { sendFormTo } from '../../lib/form-action';
import { ErrorAlert, PasswordText, SubmitButton, useZodForm } from '../../lib/forms';
import { useNotify } from '../../lib/notify';
import type { Gateway } from './gateway-form';

const tp = fa.settings.gateway.password;

/** The gateway's own password rule, as sms:set-password states it (SMPP: 8 characters at most). */
function passwordSchema(gateway: Gateway) {
  const option = contract['sms:set-password'].input.options.find((o) => o.shape.gateway.value === gateway)!;
  return z.object({ password: option.shape.password.unwrap() });
}

/**
 * BR-4: sets or clears the gateway's password through sms:set-password. Main keeps it sealed and
 * never returns it; the screen only learns whether one is set.
 */
export function GatewayPasswordForm({ gateway, isSet }: { gateway: Gateway; isSet: boolean }) {
  const notify = useNotify();
  const setPassword = useAction('sms:set-password', { invalidates: ['settings:get', 'app:status'] });
  const form = useZodForm(passwordSchema(gateway), { password: '' });
  // The answer of the last change is newer than the settings the screen read.
  const stored = setPassword.data?.[gateway] ?? isSet;

  const send = (password: string | null) =>
    sendFormTo(form, setPassword, gateway === 'smpp' ? { gateway, password } : { gateway, password }, () => {
      form.reset({ password: '' });
      notify(password === null ? tp.cleared : tp.saved);
    });
  const submit = form.handleSubmit((v) => send(v.password));

  return (
    <Stack component="form" onSubmit={submit} noValidate spacing={1.5} data-testid="gateway-password">
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="subtitle1" component="h4">
          {tp.title(fa.settings.gateway.adapters[gateway])}
        </Typography>
        <Chip
          size="small"
          variant="outlined"
          color={stored ? 'success' : 'default'}
          label={stored ? tp.isSet : tp.notSet}
          data-testid="gateway-password-state"
          data-set={String(stored)}
        />
      </Stack>
      <Typography variant="body2" color="text.secondary">
        {tp.note}
      </Typography>
      <Stack sx={{ maxWidth: 360 }}>
        <PasswordText
          control={form.control}
          name="password"
          label={tp.label}
          helperText={gateway === 'smpp' ? tp.smppHelp : tp.kannelHelp}
          slotProps={{ htmlInput: { 'data-testid': 'gateway-password-input' } }}
        />
      </Stack>
      <ErrorAlert error={setPassword.error?.body} />
      <Stack direction="row" spacing={1}>
        <SubmitButton loading={setPassword.isPending}>{tp.save}</SubmitButton>
        {stored && (
          <Button color="error" disabled={setPassword.isPending} onClick={() => send(null)} data-testid="gateway-password-clear">
            {tp.clear}
          </Button>
        )}
      </Stack>
    </Stack>
  );
}
