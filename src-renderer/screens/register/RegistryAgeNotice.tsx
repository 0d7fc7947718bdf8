import { Alert } from '@mui/material';
import { useCall } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { fa as digits, jalaliDateTime } from '../../lib/format';

/** Older than this, the clerk is told how old the cross-branch check's copy is. */
const STALE_HOURS = 24;

/**
 * Issue 9: REG-5 across branches is checked against the branch's last copy of headquarters'
 * registry; when that copy is older than a day, the clerk sees how old it is.
 */
export function RegistryAgeNotice() {
  const status = useCall('registry:status', {}, { refetchInterval: 5 * 60_000 });
  const s = status.data;
  if (!s || s.ageHours === null || s.ageHours <= STALE_HOURS) return null;
  return (
    <Alert severity="warning" sx={{ mb: 2 }} data-testid="registry-age" className="no-print">
      {fa.register.registryAge(digits(Math.floor(s.ageHours / 24)), jalaliDateTime(s.publishedAt ?? s.receivedAt))}
    </Alert>
  );
}
