import { Box, Tooltip } from '@mui/material';
import { smsSendErrorKind } from '../../../shared/sms/send-error';
import { fa } from '../../i18n/fa';

const t = fa.outbox;

/**
 * Issue 12 item 4: why an SMS did not go, in Persian; the gateway's technical text (for support)
 * in a tooltip that opens on hover and on keyboard focus, and describes the reason to a screen reader.
 */
export function SendError({ error }: { error: string }) {
  const kind = smsSendErrorKind(error);
  return (
    <Tooltip
      describeChild
      title={
        <Box component="span" sx={{ display: 'block' }}>
          {t.errorDetailsHint}:{' '}
          <Box component="span" dir="ltr" data-testid="outbox-error-text" sx={{ fontFamily: 'monospace', unicodeBidi: 'isolate' }}>
            {error}
          </Box>
        </Box>
      }
    >
      <Box
        component="span"
        tabIndex={0}
        data-testid="outbox-error"
        data-kind={kind}
        sx={{ whiteSpace: 'normal', lineHeight: 1.5, textDecoration: 'underline dotted', cursor: 'help', '&:focus-visible': { outline: 2, outlineColor: 'primary.main', outlineStyle: 'solid', borderRadius: 0.5 } }}
      >
        {t.errorKinds[kind]}
      </Box>
    </Tooltip>
  );
}
