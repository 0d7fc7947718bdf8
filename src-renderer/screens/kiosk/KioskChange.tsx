import { Alert, Box, Button, Stack, Typography } from '@mui/material';
import { z } from 'zod';
import type { Output } from '../../../shared/contract';
import { NewPasswordSchema, PasswordInputSchema } from '../../../shared/schemas/fields';
import { useAction } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { applyServerIssues, ErrorAlert, PasswordText, SubmitButton, submitFresh, useZodForm } from '../../lib/forms';
import { keepFocus, KioskPanel } from './KioskPanel';

const t = fa.kiosk.change;

/** The contract's input with the checks that need no server: length and the repeat (LOG-3). */
const ChangeFormSchema = z
  .strictObject({ current: PasswordInputSchema, next: NewPasswordSchema, repeat: PasswordInputSchema })
  .refine((v) => v.next === v.repeat, { path: ['repeat'], message: 'PASSWORD_MISMATCH' });

/** LOG-2, LOG-3: the mandatory change — current, new, repeat — with keyboard warnings. */
export function KioskChange({ onChanged, onCancel }: { onChanged: (me: Output<'portal:change-password'>) => void; onCancel: () => void }) {
  const change = useAction('portal:change-password');
  const form = useZodForm(ChangeFormSchema, { current: '', next: '', repeat: '' });
  const submit = submitFresh(form, change, (v) =>
    change.mutate(v, {
      onSuccess: onChanged,
      onError: (e) => applyServerIssues(form.setError, e.body),
    }),
  );
  return (
    <KioskPanel title={t.title} testId="kiosk-change" onSubmit={submit}>
      <Alert severity="warning" sx={{ mb: 2 }} data-testid="kiosk-change-forced">
        {t.forced}
      </Alert>
      <Stack spacing={2}>
        <PasswordText control={form.control} name="current" label={t.current} helperText={t.currentHelp} autoFocus data-testid="kiosk-current" />
        <PasswordText control={form.control} name="next" label={t.next} helperText={t.nextHelp} data-testid="kiosk-next" />
        <PasswordText control={form.control} name="repeat" label={t.repeat} helperText={t.repeatHelp} data-testid="kiosk-repeat" />
        <Box data-testid="kiosk-password-rules" sx={{ bgcolor: 'grey.50', border: 1, borderColor: 'divider', borderRadius: 1, p: 1.5 }}>
          <Typography variant="subtitle2">{t.rulesTitle}</Typography>
          <Box component="ul" sx={{ m: 0, ps: 3 }}>
            {t.rules.map((r) => (
              <Typography component="li" variant="body2" key={r}>
                {r}
              </Typography>
            ))}
          </Box>
        </Box>
        <ErrorAlert error={change.error?.body} />
        <SubmitButton loading={change.isPending}>{t.submit}</SubmitButton>
        <Button onClick={onCancel} onMouseDown={keepFocus} data-testid="kiosk-change-cancel">
          {t.cancel}
        </Button>
      </Stack>
    </KioskPanel>
  );
}
