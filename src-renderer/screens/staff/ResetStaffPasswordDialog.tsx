import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack } from '@mui/material';
import { z } from 'zod';
import { PasswordInputSchema } from '../../../shared/schemas/fields';
import type { Output } from '../../../shared/contract';
import { useAction } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { applyServerIssues, ErrorAlert, PasswordText, SubmitButton, useZodForm } from '../../lib/forms';

const t = fa.staffAdmin;
type Staff = Output<'staff:list'>[number];
const FormSchema = z.strictObject({ temporaryPassword: PasswordInputSchema });

/** The supervisor types a new temporary password and hands it over; nothing is generated or shown. */
export function ResetStaffPasswordDialog({ staff, onClose, onDone }: { staff: Staff | null; onClose: () => void; onDone: (s: Staff) => void }) {
  const reset = useAction('staff:reset-password', { invalidates: ['staff:list'] });
  const form = useZodForm(FormSchema, { temporaryPassword: '' });
  const close = () => {
    form.reset();
    reset.reset();
    onClose();
  };
  const submit = form.handleSubmit((v) => {
    if (!staff) return;
    reset.mutate(
      { staffId: staff.id, temporaryPassword: v.temporaryPassword },
      {
        onSuccess: () => {
          form.reset();
          reset.reset();
          onDone(staff);
        },
        onError: (e) => applyServerIssues(form.setError, e.body),
      },
    );
  });
  return (
    <Dialog open={staff !== null} onClose={close} fullWidth maxWidth="sm" data-testid="reset-staff-dialog" aria-labelledby="reset-staff-title">
      <form onSubmit={submit} noValidate>
        <DialogTitle id="reset-staff-title">{t.confirm.resetTitle}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <DialogContentText>{staff && t.confirm.resetText(staff.displayName)}</DialogContentText>
            <PasswordText
              control={form.control}
              name="temporaryPassword"
              label={t.form.temporaryPassword}
              helperText={t.form.temporaryHelp}
              autoFocus
              slotProps={{ htmlInput: { 'data-testid': 'staff-temporary-password' } }}
            />
            <ErrorAlert error={reset.error?.body} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={close}>{fa.cancel}</Button>
          <SubmitButton loading={reset.isPending}>{t.confirm.resetSubmit}</SubmitButton>
        </DialogActions>
      </form>
    </Dialog>
  );
}
