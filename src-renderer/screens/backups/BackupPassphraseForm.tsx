import { Chip, Paper, Stack, Typography } from '@mui/material';
import { z } from 'zod';
import { BackupPassphraseSchema } from '../../../shared/contract/backups.contract';
import { useAction } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { applyServerIssues, ErrorAlert, PasswordText, SubmitButton, useZodForm } from '../../lib/forms';
import { useNotify } from '../../lib/notify';

const t = fa.backups.passphrase;
const FormSchema = z.object({ passphrase: BackupPassphraseSchema, repeat: z.string().max(256) });

/** Backups: the supervisor sets the passphrase; main keeps only the key derived from it, sealed. */
export function BackupPassphraseForm({ isSet }: { isSet: boolean }) {
  const notify = useNotify();
  const set = useAction('backups:set-passphrase', { invalidates: ['backups:list', 'app:status'] });
  const form = useZodForm(FormSchema, { passphrase: '', repeat: '' });
  const stored = set.isSuccess || isSet;
  const submit = form.handleSubmit((v) =>
    set.mutate(v, {
      onSuccess: () => {
        form.reset({ passphrase: '', repeat: '' });
        notify(t.saved);
      },
      onError: (e) => applyServerIssues(form.setError, e.body),
    }),
  );
  return (
    <Paper component="form" onSubmit={submit} noValidate sx={{ p: 2 }} data-testid="backup-passphrase">
      <Stack spacing={1.5}>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
          <Typography variant="h6" component="h3">
            {t.title}
          </Typography>
          <Chip size="small" variant="outlined" color={stored ? 'success' : 'warning'} label={stored ? t.isSet : t.notSet} data-testid="backup-passphrase-state" data-set={String(stored)} />
        </Stack>
        <Typography variant="body2" color="text.secondary">
          {t.note}
        </Typography>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ maxWidth: 760 }}>
          <PasswordText control={form.control} name="passphrase" label={t.label} slotProps={{ htmlInput: { 'data-testid': 'backup-passphrase-input' } }} />
          <PasswordText control={form.control} name="repeat" label={t.repeat} slotProps={{ htmlInput: { 'data-testid': 'backup-passphrase-repeat' } }} />
        </Stack>
        <ErrorAlert error={set.error?.body} />
        <div>
          <SubmitButton loading={set.isPending}>{t.save}</SubmitButton>
        </div>
      </Stack>
    </Paper>
  );
}
