import { Button, Divider, Stack, Typography } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { contract } from '../../../../shared/contract';
import { useAction, useCall } from '../../../api/hooks';
import { fa } from '../../../i18n/fa';
import { applyServerIssues, ErrorAlert, FormText, SubmitButton, useZodForm } from '../../../lib/forms';
import { useNotify } from '../../../lib/notify';
import { ApprovalFields } from './ApprovalFields';
import { FormDialog } from './FormDialog';
import { IdDocumentFields } from './IdDocumentFields';
import { MobileCodeState } from './MobileCodeState';
import { DEFAULT_ID_DOCUMENT, type AccountDetail } from './types';

const t = fa.lookup.mobile;

interface Verification {
  id: number;
  newMobileMasked: string;
  expiresAt: string;
}

/**
 * Changing the mobile is how accounts get taken over: a one-time code goes to the new number and
 * the person says it at the counter; with the gateway offline a supervisor approves instead.
 */
export function MobileDialog({ account, onClose }: { account: AccountDetail; onClose: () => void }) {
  const [verification, setVerification] = useState<Verification | null>(account.pendingMobileChange);
  return verification ? (
    <ConfirmStep key={verification.id} account={account} verification={verification} onRestart={() => setVerification(null)} onClose={onClose} />
  ) : (
    <RequestStep account={account} onRequested={setVerification} onClose={onClose} />
  );
}

function RequestStep({ account, onRequested, onClose }: { account: AccountDetail; onRequested: (v: Verification) => void; onClose: () => void }) {
  const request = useAction('accounts:request-mobile-change', { invalidates: ['accounts:get', 'outbox:list'] });
  const form = useZodForm(contract['accounts:request-mobile-change'].input, { accountId: account.id, mobile: '', idDocument: DEFAULT_ID_DOCUMENT });
  const submit = form.handleSubmit((v) =>
    request.mutate(v, {
      onSuccess: (r) => onRequested({ id: r.verificationId, newMobileMasked: r.newMobileMasked, expiresAt: r.expiresAt }),
      onError: (e) => applyServerIssues(form.setError, e.body),
    }),
  );
  return (
    <FormDialog title={t.title} testId="mobile-dialog" onClose={onClose} onSubmit={submit} submitLabel={t.request} loading={request.isPending}>
      <Typography>{t.intro}</Typography>
      <FormText
        control={form.control}
        name="mobile"
        digitsFa
        label={t.newMobile}
        autoFocus
        slotProps={{ htmlInput: { dir: 'ltr', inputMode: 'tel', 'data-testid': 'mobile-new' } }}
      />
      <IdDocumentFields control={form.control} />
      <ErrorAlert error={request.error?.body} />
    </FormDialog>
  );
}

function ConfirmStep({
  account,
  verification,
  onRestart,
  onClose,
}: {
  account: AccountDetail;
  verification: Verification;
  onRestart: () => void;
  onClose: () => void;
}) {
  const notify = useNotify();
  const qc = useQueryClient();
  const status = useCall('app:status', {}, { refetchInterval: 5000 });
  const gateway = status.data?.sms.state;
  // As main decides (accounts:approve-mobile-change): the supervisor's path only while offline.
  const offline = gateway === 'offline';
  const finish = (message: string) => (detail: AccountDetail) => {
    qc.setQueryData(['accounts:get', { accountId: account.id }], detail);
    void qc.invalidateQueries({ queryKey: ['accounts:search'] });
    notify(message);
    onClose();
  };
  const done = finish(t.done);

  const cancel = useAction('accounts:cancel-mobile-change', { invalidates: ['outbox:list'] });

  const confirm = useAction('accounts:confirm-mobile-change', { invalidates: ['outbox:list'] });
  const codeForm = useZodForm(contract['accounts:confirm-mobile-change'].input, { verificationId: verification.id, code: '' });
  const submitCode = codeForm.handleSubmit((v) => confirm.mutate(v, { onSuccess: done, onError: (e) => applyServerIssues(codeForm.setError, e.body) }));

  const approve = useAction('accounts:approve-mobile-change', { invalidates: ['outbox:list'] });
  const approvalForm = useZodForm(contract['accounts:approve-mobile-change'].input, {
    verificationId: verification.id,
    approval: { username: '', password: '' },
  });
  const submitApproval = approvalForm.handleSubmit((v) =>
    approve.mutate(v, { onSuccess: done, onError: (e) => applyServerIssues(approvalForm.setError, e.body) }),
  );
  const approvalError = approve.error?.body;

  return (
    <FormDialog
      title={t.title}
      testId="mobile-dialog"
      onClose={onClose}
      submitLabel={null}
      loading={confirm.isPending || approve.isPending || cancel.isPending}
      extraActions={
        <>
          <Button
            color="error"
            disabled={cancel.isPending}
            onClick={() => cancel.mutate({ verificationId: verification.id }, { onSuccess: finish(t.cancelled) })}
            data-testid="mobile-cancel"
          >
            {t.cancel}
          </Button>
          <Button onClick={onRestart} data-testid="mobile-restart">
            {t.restart}
          </Button>
        </>
      }
    >
      <MobileCodeState gateway={gateway} mobileMasked={verification.newMobileMasked} expiresAt={verification.expiresAt} />
      <ErrorAlert error={cancel.error?.body} />
      <Stack component="form" onSubmit={submitCode} noValidate spacing={1.5} data-testid="mobile-code-form">
        <FormText
          control={codeForm.control}
          name="code"
          digitsFa
          label={t.code}
          helperText={t.codeHelp}
          autoFocus
          slotProps={{ htmlInput: { dir: 'ltr', inputMode: 'numeric', 'data-testid': 'mobile-code' } }}
        />
        <ErrorAlert error={confirm.error?.body} />
        <SubmitButton loading={confirm.isPending}>{t.confirm}</SubmitButton>
      </Stack>
      {offline && (
        <Stack component="form" onSubmit={submitApproval} noValidate spacing={1.5} data-testid="mobile-offline">
          <Divider />
          <ApprovalFields control={approvalForm.control} text={t.offline} />
          <ErrorAlert error={approvalError?.code === 'SUPERVISOR_APPROVAL_REQUIRED' ? { ...approvalError, message: fa.lookup.approval.rejected } : approvalError} />
          <SubmitButton loading={approve.isPending}>{t.approve}</SubmitButton>
        </Stack>
      )}
    </FormDialog>
  );
}
