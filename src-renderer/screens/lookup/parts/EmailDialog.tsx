import { contract } from '../../../../shared/contract';
import { fa } from '../../../i18n/fa';
import { applyServerIssues, ErrorAlert, FormText, useZodForm } from '../../../lib/forms';
import { useNotify } from '../../../lib/notify';
import { FormDialog } from './FormDialog';
import { IdDocumentFields } from './IdDocumentFields';
import { DEFAULT_ID_DOCUMENT, type AccountDetail } from './types';
import { useDetailAction } from './useDetailAction';

const t = fa.lookup.email;

/** REG-10: the e-mail channel, changed or cleared with the document seen. */
export function EmailDialog({ account, onClose }: { account: AccountDetail; onClose: () => void }) {
  const notify = useNotify();
  const { action, store } = useDetailAction('accounts:update-email', account.id);
  const form = useZodForm(contract['accounts:update-email'].input, { accountId: account.id, email: account.email ?? '', idDocument: DEFAULT_ID_DOCUMENT });
  const submit = form.handleSubmit((v) =>
    action.mutate(v, {
      onSuccess: (d) => (store(d), notify(t.done), onClose()),
      onError: (e) => applyServerIssues(form.setError, e.body),
    }),
  );
  return (
    <FormDialog title={t.title} testId="email-dialog" onClose={onClose} onSubmit={submit} submitLabel={t.submit} loading={action.isPending}>
      <FormText
        control={form.control}
        name="email"
        label={t.email}
        helperText={t.help}
        autoFocus
        type="email"
        slotProps={{ htmlInput: { dir: 'ltr', 'data-testid': 'email-new' } }}
      />
      <IdDocumentFields control={form.control} />
      <ErrorAlert error={action.error?.body} />
    </FormDialog>
  );
}
