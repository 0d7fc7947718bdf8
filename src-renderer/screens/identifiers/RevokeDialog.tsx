import { Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, Typography } from '@mui/material';
import { contract } from '../../../shared/contract';
import { useAction } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { applyServerIssues, ErrorAlert, FormText, SubmitButton, useZodForm } from '../../lib/forms';
import { useNotify } from '../../lib/notify';
import { groupForeignIdFa } from './format';
import type { ForeignIdentifier } from './issue-form';

const t = fa.identifiers.revoke;

/** BR-2: a supervisor revokes an identifier with a reason; the document may then get another. */
export function RevokeDialog({ target, onClose }: { target: ForeignIdentifier; onClose: () => void }) {
  const notify = useNotify();
  const revoke = useAction('identifiers:revoke', { invalidates: ['identifiers:list', 'identifiers:get'] });
  const form = useZodForm(contract['identifiers:revoke'].input, { identifier: target.identifier, reason: '' });
  const submit = form.handleSubmit((v) =>
    revoke.mutate(v, {
      onSuccess: () => {
        notify(t.done);
        onClose();
      },
      onError: (e) => applyServerIssues(form.setError, e.body),
    }),
  );
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" slotProps={{ paper: { component: 'form', onSubmit: submit, noValidate: true } as object }} data-testid="revoke-dialog">
      <DialogTitle>
        {t.title}{' '}
        <Box component="bdi" dir="ltr">
          {groupForeignIdFa(target.identifier)}
        </Box>
      </DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <Typography>
            {target.firstNameFa} {target.lastNameFa}
          </Typography>
          <Typography color="text.secondary">{t.text}</Typography>
          <FormText control={form.control} name="reason" label={t.reason} required autoFocus data-testid="revoke-reason" />
          <ErrorAlert error={revoke.error?.body} />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{fa.cancel}</Button>
        <SubmitButton loading={revoke.isPending}>{t.submit}</SubmitButton>
      </DialogActions>
    </Dialog>
  );
}
