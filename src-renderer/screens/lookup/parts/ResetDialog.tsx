import PrintIcon from '@mui/icons-material/Print';
import { Alert, Box, Button, Divider, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { contract, type Output } from '../../../../shared/contract';
import { useAction } from '../../../api/hooks';
import { fa } from '../../../i18n/fa';
import { fa as digits, jalaliDateTime } from '../../../lib/format';
import { applyServerIssues, ErrorAlert, useZodForm } from '../../../lib/forms';
import { useNotify } from '../../../lib/notify';
import { ApprovalFields } from './ApprovalFields';
import { SmsStateChip } from './chips';
import { FormDialog } from './FormDialog';
import { IdDocumentFields } from './IdDocumentFields';
import { ltr } from './Ltr';
import { DEFAULT_ID_DOCUMENT, type AccountDetail } from './types';

const t = fa.lookup.reset;
type ResetResult = Output<'resets:at-counter'>;

/**
 * BR-3, REC-2: a reset for the person at the counter. The clerk sees the tracking code and the
 * live SMS state, never the password; the printed slip carries the tracking code only. Within the
 * guard period after a mobile change a supervisor approves in this same dialog.
 */
export function ResetDialog({ account, onClose }: { account: AccountDetail; onClose: () => void }) {
  const notify = useNotify();
  const reset = useAction('resets:at-counter', { invalidates: ['accounts:get', 'outbox:list'] });
  const [needApproval, setNeedApproval] = useState(account.resetNeedsApprovalUntil !== null);
  const [approvalSent, setApprovalSent] = useState(false);
  const [result, setResult] = useState<ResetResult | null>(null);
  const form = useZodForm(contract['resets:at-counter'].input, {
    accountId: account.id,
    idDocument: DEFAULT_ID_DOCUMENT,
    ...(needApproval ? { approval: { username: '', password: '' } } : {}),
  });

  const submit = form.handleSubmit((v) => {
    setApprovalSent(v.approval !== undefined);
    reset.mutate(v, {
      onSuccess: (r) => {
        setResult(r);
        notify(t.done);
      },
      onError: (e) => {
        if (e.body.code === 'SUPERVISOR_APPROVAL_REQUIRED' && !needApproval) {
          form.setValue('approval', { username: '', password: '' });
          setNeedApproval(true);
        }
        applyServerIssues(form.setError, e.body);
      },
    });
  });

  if (result) {
    const live = account.resets.find((r) => r.id === result.resetId);
    return (
      <FormDialog title={t.title} testId="reset-dialog" onClose={onClose} submitLabel={null} extraActions={<PrintButton />}>
        <Box className="no-print" data-testid="reset-result">
          <Typography variant="body2" color="text.secondary">
            {t.trackingCode}
          </Typography>
          <Typography variant="h3" component="p" dir="ltr" data-testid="reset-tracking-code" data-code={result.trackingCode} sx={{ fontWeight: 700, letterSpacing: 4, textAlign: 'center', my: 1 }}>
            {digits(result.trackingCode)}
          </Typography>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 1 }}>
            <Typography>
              {t.sentTo} <span dir="ltr">{digits(result.mobileMasked)}</span> — {t.smsState}:
            </Typography>
            <SmsStateChip state={live?.smsState ?? result.smsState} testId="reset-sms-state" />
          </Stack>
          <Alert severity="info">{t.note}</Alert>
        </Box>
        <ResetSlip account={account} result={result} />
      </FormDialog>
    );
  }

  const shownError = reset.error?.body;
  const hideError = shownError?.code === 'SUPERVISOR_APPROVAL_REQUIRED' && !approvalSent;
  return (
    <FormDialog title={t.title} testId="reset-dialog" onClose={onClose} onSubmit={submit} submitLabel={needApproval ? t.submitApproved : t.submit} loading={reset.isPending}>
      <Typography>{t.intro(ltr(account.mobileMasked ?? ''))}</Typography>
      <IdDocumentFields control={form.control} autoFocus />
      {/* Asked for up front during the guard period; when main asks for it, it takes the focus. */}
      {needApproval && <ApprovalFields control={form.control} autoFocus={account.resetNeedsApprovalUntil === null} />}
      {!hideError && (
        <ErrorAlert error={shownError?.code === 'SUPERVISOR_APPROVAL_REQUIRED' ? { ...shownError, message: fa.lookup.approval.rejected } : shownError} />
      )}
    </FormDialog>
  );
}

function PrintButton() {
  return (
    <Button startIcon={<PrintIcon />} onClick={() => window.print()} data-testid="reset-print" autoFocus>
      {t.print}
    </Button>
  );
}

/** The paper the person takes home: tracking code, username, branch, date — no password. */
function ResetSlip({ account, result }: { account: AccountDetail; result: ResetResult }) {
  return (
    <Box className="print-only" data-testid="reset-slip" sx={{ p: 2, border: 1, borderColor: 'grey.500' }}>
      <Typography variant="h6" component="p" gutterBottom>
        {fa.appTitle} — {t.slipTitle}
      </Typography>
      <Divider sx={{ mb: 1 }} />
      <Typography>
        {t.slipBranch}: {account.branchName} ({digits(account.branchCode)})
      </Typography>
      <Typography>
        {t.slipUsername}: <span dir="ltr">{digits(account.username)}</span>
      </Typography>
      <Typography>
        {t.slipDate}: {jalaliDateTime(result.createdAt)}
      </Typography>
      <Typography variant="h5" component="p" sx={{ my: 1 }}>
        {t.trackingCode}: <span dir="ltr">{digits(result.trackingCode)}</span>
      </Typography>
      <Typography variant="body2">{t.slipText}</Typography>
    </Box>
  );
}
