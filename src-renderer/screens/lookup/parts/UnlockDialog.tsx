import { Typography } from '@mui/material';
import { contract } from '../../../../shared/contract';
import { fa } from '../../../i18n/fa';
import { applyServerIssues, ErrorAlert, useZodForm } from '../../../lib/forms';
import { useNotify } from '../../../lib/notify';
import { FormDialog } from './FormDialog';
import { IdDocumentFields } from './IdDocumentFields';
import { DEFAULT_ID_DOCUMENT, type AccountDetail } from './types';
import { useDetailAction } from './useDetailAction';

const t = fa.lookup.unlock;

/** A clerk lifts the portal login lockout for the person present (document recorded). */
export function UnlockDialog({ account, onClose }: { account: AccountDetail; onClose: () => void }) {
  const notify = useNotify();
  const { action, store } = useDetailAction('accounts:unlock', account.id);
  const form = useZodForm(contract['accounts:unlock'].input, { accountId: account.id, idDocument: DEFAULT_ID_DOCUMENT });
  const submit = form.handleSubmit((v) =>
    action.mutate(v, {
      onSuccess: (d) => (store(d), notify(t.done), onClose()),
      onError: (e) => applyServerIssues(form.setError, e.body),
    }),
  );
  return (
    <FormDialog title={t.title} testId="unlock-dialog" onClose={onClose} onSubmit={submit} submitLabel={t.submit} loading={action.isPending}>
      <Typography>{t.intro}</Typography>
      <IdDocumentFields control={form.control} autoFocus />
      <ErrorAlert error={action.error?.body} />
    </FormDialog>
  );
}
