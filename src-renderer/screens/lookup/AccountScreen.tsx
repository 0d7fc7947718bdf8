import ArrowForwardIcon from '@mui/icons-material/ArrowForward';
import { Alert, Box, Button, Chip, CircularProgress, Divider, Paper, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { useCall } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { fa as digits, duration, jalaliDateTime } from '../../lib/format';
import { ErrorAlert } from '../../lib/forms';
import { navigate } from '../../lib/route';
import { AccountFacts } from './parts/AccountFacts';
import { AccountStatusChip, LIVE_SMS_STATES } from './parts/chips';
import { EmailDialog } from './parts/EmailDialog';
import { MobileDialog } from './parts/MobileDialog';
import { ResetDialog } from './parts/ResetDialog';
import { ltr } from './parts/Ltr';
import { ResetsTable } from './parts/ResetsTable';
import { DisableDialog, VoidDialog } from './parts/SupervisorDialogs';
import type { AccountDetail, AccountDialog } from './parts/types';
import { UnlockDialog } from './parts/UnlockDialog';

const t = fa.lookup;
/**
 * While an SMS of this account is on its way the page follows it. Each refresh is an audited
 * view, so with the gateway offline (nothing will move soon) it follows slowly.
 */
const LIVE_REFRESH_MS = 3000;
const OFFLINE_REFRESH_MS = 60_000;

/** Issue 4, item 6: one account, its history, and what the counter can do for its owner. */
export default function AccountScreen({ params }: { params?: Record<string, string> }) {
  const accountId = Number(params?.id);
  const valid = Number.isInteger(accountId) && accountId > 0;
  const me = useCall('staff:me', {});
  const status = useCall('app:status', {}, { refetchInterval: 10_000 });
  const offline = status.data?.sms.state === 'offline';
  const account = useCall(
    'accounts:get',
    { accountId },
    {
      enabled: valid,
      refetchInterval: (q) =>
        q.state.data?.resets.some((r) => r.smsState !== null && LIVE_SMS_STATES.includes(r.smsState)) ? (offline ? OFFLINE_REFRESH_MS : LIVE_REFRESH_MS) : false,
    },
  );
  const [dialog, setDialog] = useState<AccountDialog | null>(null);

  const back = (
    <Button startIcon={<ArrowForwardIcon />} onClick={() => navigate('/lookup')} data-testid="account-back" className="no-print">
      {t.account.back}
    </Button>
  );
  if (!valid) return <Box sx={{ p: 2 }}>{back}<Alert severity="error">{t.account.notFound}</Alert></Box>;
  if (account.isPending) {
    return (
      <Box sx={{ display: 'flex', justifyContent: 'center', p: 4 }}>
        <CircularProgress aria-label={fa.loading} />
      </Box>
    );
  }
  if (!account.data) {
    return (
      <Box sx={{ p: 2 }}>
        {back}
        <ErrorAlert error={account.error?.body} />
      </Box>
    );
  }

  const a = account.data;
  const supervisor = me.data?.role === 'supervisor';
  const close = () => setDialog(null);
  return (
    <Box sx={{ p: 2 }} data-testid="account-screen" data-account-id={a.id}>
      {/* While the reset slip may be printed, the page underneath stays off the paper. */}
      <Box className={dialog === 'reset' ? 'no-print' : undefined}>
        {back}
        <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', flexWrap: 'wrap', my: 1 }}>
          <Typography variant="h5" component="h2" data-testid="account-title">
            {a.fullName ?? t.account.noName}
          </Typography>
          <Typography variant="h6" component="span" dir="ltr" color="text.secondary">
            {digits(a.username)}
          </Typography>
          <AccountStatusChip status={a.status} />
          <Chip size="small" variant="outlined" label={t.kind[a.kind]} />
        </Stack>
        <Notices a={a} onContinueMobile={() => setDialog('mobile')} />
        <Actions a={a} supervisor={supervisor} open={setDialog} />
        <Paper sx={{ p: 2, mb: 2 }}>
          <Typography variant="h6" component="h3" gutterBottom>
            {t.account.facts}
          </Typography>
          <AccountFacts a={a} />
        </Paper>
        <Paper sx={{ p: 2 }}>
          <Typography variant="h6" component="h3" gutterBottom>
            {t.resets.title}
          </Typography>
          <ResetsTable resets={a.resets} />
        </Paper>
      </Box>
      {dialog === 'reset' && <ResetDialog account={a} onClose={close} />}
      {dialog === 'mobile' && <MobileDialog account={a} onClose={close} />}
      {dialog === 'email' && <EmailDialog account={a} onClose={close} />}
      {dialog === 'unlock' && <UnlockDialog account={a} onClose={close} />}
      {dialog === 'disable' && supervisor && <DisableDialog account={a} onClose={close} />}
      {dialog === 'void' && supervisor && <VoidDialog account={a} onClose={close} />}
    </Box>
  );
}

/** What the clerk must notice before acting: voided, disabled, locked, undelivered, pending. */
function Notices({ a, onContinueMobile }: { a: AccountDetail; onContinueMobile: () => void }) {
  const undelivered = a.resets.filter((r) => r.state === 'undelivered');
  return (
    <Stack spacing={1} sx={{ mb: 2 }}>
      {a.status === 'voided' && (
        <Alert severity="error" data-testid="notice-voided">
          {t.account.voided(a.voidReason ?? fa.none)}
        </Alert>
      )}
      {a.status === 'disabled' && (
        <Alert severity="warning" data-testid="notice-disabled">
          {t.account.disabled}
        </Alert>
      )}
      {a.lockedForSeconds > 0 && a.status !== 'voided' && (
        <Alert severity="warning" data-testid="notice-locked">
          {t.account.locked(duration(a.lockedForSeconds))}
        </Alert>
      )}
      {undelivered.map((r) => (
        <Alert key={r.id} severity="error" data-testid="notice-undelivered" data-code={r.trackingCode}>
          {t.account.undelivered(digits(r.trackingCode))}
        </Alert>
      ))}
      {a.resetNeedsApprovalUntil && a.status === 'active' && (
        <Alert severity="info" data-testid="notice-approval">
          {t.account.approvalUntil(jalaliDateTime(a.resetNeedsApprovalUntil))}
        </Alert>
      )}
      {a.pendingMobileChange && a.status === 'active' && (
        <Alert
          severity="info"
          data-testid="notice-pending-mobile"
          action={
            <Button color="inherit" size="small" onClick={onContinueMobile}>
              {t.account.continueMobile}
            </Button>
          }
        >
          {t.account.pendingMobile(ltr(a.pendingMobileChange.newMobileMasked), jalaliDateTime(a.pendingMobileChange.expiresAt))}
        </Alert>
      )}
    </Stack>
  );
}

/** The counter's actions; the supervisor's only for a supervisor. The first one has the focus. */
function Actions({ a, supervisor, open }: { a: AccountDetail; supervisor: boolean; open: (d: AccountDialog) => void }) {
  const active = a.status === 'active';
  return (
    <Paper sx={{ p: 2, mb: 2 }} className="no-print">
      <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1, alignItems: 'center' }} data-testid="account-actions">
        <Button variant="contained" autoFocus disabled={!active || !a.mobileMasked} onClick={() => open('reset')} data-testid="action-reset">
          {t.actions.reset}
        </Button>
        <Button variant="outlined" disabled={!active} onClick={() => open('mobile')} data-testid="action-mobile">
          {t.actions.mobile}
        </Button>
        <Button variant="outlined" disabled={!active} onClick={() => open('email')} data-testid="action-email">
          {t.actions.email}
        </Button>
        {a.lockedForSeconds > 0 && a.status !== 'voided' && (
          <Button variant="outlined" color="warning" onClick={() => open('unlock')} data-testid="action-unlock">
            {t.actions.unlock}
          </Button>
        )}
        {supervisor && a.status !== 'voided' && (
          <>
            <Divider orientation="vertical" flexItem sx={{ mx: 1 }} />
            <Typography variant="body2" color="text.secondary">
              {t.actions.supervisor}:
            </Typography>
            <Button variant="outlined" color="warning" onClick={() => open('disable')} data-testid="action-disable">
              {active ? t.actions.disable : t.actions.enable}
            </Button>
            <Button variant="outlined" color="error" onClick={() => open('void')} data-testid="action-void">
              {t.actions.void}
            </Button>
          </>
        )}
      </Stack>
    </Paper>
  );
}
