import { Alert, Button, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { contract, type Output } from '../../../shared/contract';
import { useAction } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { fa as digits } from '../../lib/format';
import { submitTo } from '../../lib/form-action';
import { ErrorAlert, FormText, SubmitButton, useZodForm } from '../../lib/forms';
import { useNotify } from '../../lib/notify';
import { navigate } from '../../lib/route';

const tt = fa.settings.gateway.test;

/** BR-4: a test message through sms:test; it is queued like any other, so the outbox shows how it went. */
export function TestSmsForm({ trainingMode }: { trainingMode: boolean }) {
  const notify = useNotify();
  const test = useAction('sms:test', { invalidates: ['outbox:list', 'app:status'] });
  const [last, setLast] = useState<Output<'sms:test'> | null>(null);
  const form = useZodForm(contract['sms:test'].input, { to: '' });
  const submit = submitTo(form, test, (message) => {
    setLast(message);
    form.reset({ to: '' });
    notify(tt.queued);
  });

  return (
    <Stack component="form" onSubmit={submit} noValidate spacing={1.5} data-testid="gateway-test">
      <Typography variant="subtitle1" component="h4">
        {tt.title}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {tt.intro} {trainingMode && tt.training}
      </Typography>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start', flexWrap: 'wrap' }}>
        <FormText
          control={form.control}
          name="to"
          digitsFa
          label={tt.to}
          helperText={tt.toHelp}
          sx={{ maxWidth: 280 }}
          slotProps={{ htmlInput: { dir: 'ltr', inputMode: 'tel', 'data-testid': 'gateway-test-to' } }}
        />
        <SubmitButton loading={test.isPending}>{tt.send}</SubmitButton>
      </Stack>
      <ErrorAlert error={test.error?.body} />
      {last && (
        <Alert
          severity="success"
          data-testid="gateway-test-queued"
          data-message-id={last.id}
          action={
            <Button color="inherit" size="small" onClick={() => navigate('/outbox')} data-testid="gateway-test-outbox">
              {tt.openOutbox}
            </Button>
          }
        >
          {tt.last(digits(last.toMasked))}
        </Alert>
      )}
    </Stack>
  );
}
