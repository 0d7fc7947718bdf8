import { Alert, Box, Typography } from '@mui/material';
import type { AppStatus } from '../../../../shared/contract/app.contract';
import { fa } from '../../../i18n/fa';
import { jalaliDateTime } from '../../../lib/format';
import { ltr } from './Ltr';

const t = fa.lookup.mobile;

/**
 * Issue 12 item 3: what is true of the code's SMS. Only with the gateway online is it said to be
 * sent; otherwise it waits in the queue (until the code expires), and the clerk is told what can be
 * done meanwhile — the supervisor's path only when main would accept it (gateway offline).
 */
export function MobileCodeState({ gateway, mobileMasked, expiresAt }: { gateway: AppStatus['sms']['state'] | undefined; mobileMasked: string; expiresAt: string }) {
  const until = jalaliDateTime(expiresAt);
  if (gateway === 'online') {
    return (
      <Alert severity="success" data-testid="mobile-code-sent">
        {t.codeSent(ltr(mobileMasked))} ({t.validUntil} {until})
      </Alert>
    );
  }
  const offline = gateway === 'offline';
  return (
    <Alert severity={offline ? 'warning' : 'info'} data-testid="mobile-code-queued" data-gateway={gateway ?? 'unknown'}>
      <Typography variant="body2">
        {t.queued(ltr(mobileMasked))} {offline ? t.queuedOffline : t.queuedUnknown}
      </Typography>
      <Typography variant="body2">{t.queuedUntil(until)}</Typography>
      {offline && (
        <>
          <Typography variant="body2" sx={{ mt: 1 }}>
            {t.options}
          </Typography>
          <Box component="ul" sx={{ my: 0, ps: 2.5 }}>
            <li data-testid="mobile-option-wait">{t.optionWait}</li>
            <li data-testid="mobile-option-return">{t.optionReturn(until)}</li>
            <li data-testid="mobile-option-supervisor">{t.optionSupervisor}</li>
          </Box>
        </>
      )}
    </Alert>
  );
}
