import { Button, Dialog, DialogContent, DialogTitle, Stack, Typography } from '@mui/material';
import { contract } from '../../../shared/contract';
import { useAction } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { ErrorAlert, PasswordText, SubmitButton, useZodForm } from '../../lib/forms';

const t = fa.staffAuth.lock;

/** The idle lock: a modal over the work, which stays mounted underneath. */
export default function LockScreen({ open, onUnlocked, onSwitchUser }: { open: boolean; onUnlocked: () => void; onSwitchUser: () => void }) {
  const unlock = useAction('staff:unlock-session', { invalidates: ['staff:me'] });
  const form = useZodForm(contract['staff:unlock-session'].input, { password: '' });
  const submit = form.handleSubmit((v) => unlock.mutate(v, { onSuccess: () => (form.reset(), onUnlocked()) }));
  return (
    <Dialog open={open} fullWidth maxWidth="xs" data-testid="lock-screen" slotProps={{ backdrop: { sx: { backdropFilter: 'blur(6px)' } } }}>
      <DialogTitle>{t.title}</DialogTitle>
      <DialogContent>
        <form onSubmit={submit} noValidate>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <Typography>{t.text}</Typography>
            <PasswordText control={form.control} name="password" label={fa.staffAuth.login.password} autoFocus />
            <ErrorAlert error={unlock.error?.body} />
            <SubmitButton loading={unlock.isPending}>{t.submit}</SubmitButton>
            <Button onClick={onSwitchUser}>{t.other}</Button>
          </Stack>
        </form>
      </DialogContent>
    </Dialog>
  );
}
