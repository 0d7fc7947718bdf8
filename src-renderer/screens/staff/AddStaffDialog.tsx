import { Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack } from '@mui/material';
import { contract, type Output } from '../../../shared/contract';
import { StaffRoleSchema } from '../../../shared/contract/staff.contract';
import { useAction } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { applyServerIssues, ErrorAlert, FormText, PasswordText, SubmitButton, useZodForm } from '../../lib/forms';

const t = fa.staffAdmin;

/** A supervisor adds a clerk or another supervisor (staff:create). */
export function AddStaffDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (r: Output<'staff:create'>) => void }) {
  const create = useAction('staff:create', { invalidates: ['staff:list'] });
  const form = useZodForm(contract['staff:create'].input, { username: '', displayName: '', role: 'clerk', temporaryPassword: '' });
  const close = () => {
    form.reset();
    create.reset();
    onClose();
  };
  const submit = form.handleSubmit((v) =>
    create.mutate(v, {
      onSuccess: (r) => {
        form.reset();
        create.reset();
        onCreated(r);
      },
      onError: (e) => applyServerIssues(form.setError, e.body),
    }),
  );
  return (
    <Dialog open={open} onClose={close} fullWidth maxWidth="sm" data-testid="add-staff-dialog" aria-labelledby="add-staff-title">
      <form onSubmit={submit} noValidate>
        <DialogTitle id="add-staff-title">{t.form.title}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <FormText control={form.control} name="displayName" label={t.form.displayName} autoFocus slotProps={{ htmlInput: { 'data-testid': 'staff-display-name' } }} />
            <FormText
              control={form.control}
              name="username"
              label={t.form.username}
              helperText={t.form.usernameHelp}
              slotProps={{ htmlInput: { dir: 'ltr', 'data-testid': 'staff-username' } }}
            />
            <FormText control={form.control} name="role" label={t.form.role} select slotProps={{ htmlInput: { 'data-testid': 'staff-role' } }}>
              {StaffRoleSchema.options.map((r) => (
                <MenuItem key={r} value={r} data-testid={`staff-role-${r}`}>
                  {t.roles[r]}
                </MenuItem>
              ))}
            </FormText>
            <PasswordText
              control={form.control}
              name="temporaryPassword"
              label={t.form.temporaryPassword}
              helperText={t.form.temporaryHelp}
              slotProps={{ htmlInput: { 'data-testid': 'staff-temporary-password' } }}
            />
            <ErrorAlert error={create.error?.body} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={close}>{fa.cancel}</Button>
          <SubmitButton loading={create.isPending}>{t.form.submit}</SubmitButton>
        </DialogActions>
      </form>
    </Dialog>
  );
}
