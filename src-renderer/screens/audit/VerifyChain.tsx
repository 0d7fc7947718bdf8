import VerifiedIcon from '@mui/icons-material/VerifiedUser';
import { Alert, Box, Button, CircularProgress, Stack, Typography } from '@mui/material';
import { useAction } from '../../api/hooks';
import { fa as t } from '../../i18n/fa';
import { ErrorAlert } from '../../lib/forms';
import { fa } from '../../lib/format';

const tv = t.audit.verify;

/** Walks the HMAC chain in main (audit:verify): ok with the count and head, or the first broken entry. */
export function VerifyChain() {
  // The list is read again too, so it shows the rows as they now are in the database.
  const verify = useAction('audit:verify', { invalidates: ['audit:list'] });
  const r = verify.data;
  return (
    <Box sx={{ mb: 2 }} data-testid="audit-verify">
      <Button
        variant="outlined"
        onClick={() => verify.mutate({})}
        disabled={verify.isPending}
        startIcon={verify.isPending ? <CircularProgress size={18} /> : <VerifiedIcon />}
        data-testid="audit-verify-button"
      >
        {tv.button}
      </Button>
      <ErrorAlert error={verify.error?.body} />
      {r && (
        <Alert severity={r.ok ? 'success' : 'error'} sx={{ mt: 1 }} data-testid="audit-verify-result" data-ok={r.ok}>
          <Stack spacing={0.5}>
            <Typography>
              {r.ok
                ? tv.ok(fa(r.entries))
                : tv.broken(fa(r.firstBrokenId ?? 0), (r.reason && tv.reasons[r.reason]) ?? r.reason ?? tv.unknownReason)}
            </Typography>
            {!r.ok && <Typography>{tv.checked(fa(r.entries))}</Typography>}
            {r.missingFrom !== null && r.missingTo !== null && (
              <Typography data-testid="audit-verify-missing" data-from={r.missingFrom} data-to={r.missingTo}>
                {tv.missing(fa(r.missingFrom), fa(r.missingTo))}
              </Typography>
            )}
            <Typography variant="body2" data-testid="audit-verify-anchor" data-anchored={r.anchoredId ?? ''}>
              {r.anchoredId === null ? tv.noAnchor : tv.anchored(fa(r.anchoredId))}
            </Typography>
            {r.head && (
              <Typography component="div">
                {tv.head}:{' '}
                <Box component="code" dir="ltr" data-testid="audit-chain-head" sx={{ fontFamily: 'monospace', wordBreak: 'break-all', display: 'inline' }}>
                  {r.head}
                </Box>
              </Typography>
            )}
          </Stack>
        </Alert>
      )}
    </Box>
  );
}
