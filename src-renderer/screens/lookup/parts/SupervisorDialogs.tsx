import { Alert, Checkbox, FormControlLabel } from '@mui/material';
import { useState } from 'react';
import { contract } from '../../../../shared/contract';
import { fa } from '../../../i18n/fa';
import { applyServerIssues, ErrorAlert, FormText, useZodForm } from '../../../lib/forms';
import { useNotify } from '../../../lib/notify';
import { FormDialog } from './FormDialog';
import type { AccountDetail } from './types';
import { useDetailAction } from './useDetailAction';

/** A supervisor disables an active account, or enables a disabled one, with a reason. */
export function DisableDialog({ account, onClose }: { account: AccountDetail; onClose: () => void }) {
  const t = fa.lookup.disable;
  const notify = useNotify();
  const disabling = account.status === 'active';
  const { action, store } = useDetailAction('accounts:set-disabled', account.id);
  const form = useZodForm(contract['accounts:set-disabled'].input, { accountId: account.id, disabled: disabling, reason: '' });
  const submit = form.handleSubmit((v) =>
    action.mutate(v, {
      onSuccess: (d) => (store(d), notify(disabling ? t.doneDisable : t.doneEnable), onClose()),
      onError: (e) => applyServerIssues(form.setError, e.body),
    }),
  );
  return (
    <FormDialog
      title={disabling ? t.titleDisable : t.titleEnable}
      testId="disable-dialog"
      onClose={onClose}
      onSubmit={submit}
      submitLabel={disabling ? t.submitDisable : t.submitEnable}
      loading={action.isPending}
    >
      <FormText control={form.control} name="reason" label={fa.reason} autoFocus slotProps={{ htmlInput: { 'data-testid': 'reason' } }} />
      <ErrorAlert error={action.error?.body} />
    </FormDialog>
  );
}

/** A supervisor voids a registration made in error: a reason, and an explicit confirmation. */
export function VoidDialog({ account, onClose }: { account: AccountDetail; onClose: () => void }) {
  const t = fa.lookup.void;
  const notify = useNotify();
  const [confirmed, setConfirmed] = useState(false);
  const { action, store } = useDetailAction('accounts:void', account.id);
  const form = useZodForm(contract['accounts:void'].input, { accountId: account.id, reason: '' });
  const submit = form.handleSubmit((v) =>
    action.mutate(v, {
      onSuccess: (d) => (store(d), notify(t.done), onClose()),
      onError: (e) => applyServerIssues(form.setError, e.body),
    }),
  );
  return (
    <FormDialog title={t.title} testId="void-dialog" onClose={onClose} onSubmit={submit} submitLabel={t.submit} loading={action.isPending} submitDisabled={!confirmed}>
      <Alert severity="warning">{t.intro}</Alert>
      <FormText control={form.control} name="reason" label={fa.reason} autoFocus slotProps={{ htmlInput: { 'data-testid': 'reason' } }} />
      <FormControlLabel
        control={<Checkbox checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} slotProps={{ input: { 'data-testid': 'void-confirm' } as object }} />}
        label={t.confirm}
      />
      <ErrorAlert error={action.error?.body} />
    </FormDialog>
  );
}
