import PrintIcon from '@mui/icons-material/Print';
import { Box, Button, CircularProgress, Typography } from '@mui/material';
import { useCall } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { ErrorAlert } from '../../lib/forms';
import { fa as digits } from '../../lib/format';
import { SectionPanel } from '../../lib/panel';

const t = fa.hq.slip;

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Box sx={{ display: 'flex', gap: 2, py: 0.5, borderBottom: 1, borderColor: 'divider', alignItems: 'baseline' }}>
      <Typography sx={{ minWidth: 140, color: 'text.secondary' }}>{label}</Typography>
      <Box sx={{ fontWeight: 500, minWidth: 0, overflowWrap: 'anywhere' }}>{children}</Box>
    </Box>
  );
}

/** Prints only the slip: the rest of the settings page stays off the paper (print.css). */
function printSlip(): void {
  document.body.classList.add('print-one-slip');
  window.addEventListener('afterprint', () => document.body.classList.remove('print-one-slip'), { once: true });
  window.print();
}

/**
 * Issue 8: the station registration slip — branch, station, public key (as the line headquarters
 * pastes) and the key's fingerprint in groups of digits, read aloud to check it. Printable.
 */
export function StationSlipPanel() {
  const slip = useCall('hq:station-slip', {});
  const s = slip.data;
  return (
    <SectionPanel testId="station-slip-panel" title={t.title} intro={t.intro} introClassName="no-print">
      <ErrorAlert error={slip.error?.body} />
      {slip.isPending && <CircularProgress aria-label={fa.loading} />}
      {s && (
        <>
          <Box data-testid="station-slip" className="printable-slip">
            <Typography variant="body2" color="text.secondary">
              {t.org}
            </Typography>
            <Row label={t.branch}>{`${s.branchName} (${digits(s.branchCode)})`}</Row>
            <Row label={t.station}>{digits(s.stationNumber)}</Row>
            <Row label={t.fingerprint}>
              <Typography dir="ltr" sx={{ fontSize: '1.4rem', letterSpacing: '0.05em' }} data-testid="station-fingerprint" data-value={s.fingerprint}>
                {digits(s.fingerprint)}
              </Typography>
              <Typography dir="ltr" sx={{ fontFamily: 'monospace' }}>
                {s.fingerprint}
              </Typography>
            </Row>
            <Row label={t.slipText}>
              <Typography dir="ltr" sx={{ fontFamily: 'monospace', fontSize: 13 }} data-testid="station-slip-text">
                {s.slipText}
              </Typography>
            </Row>
          </Box>
          <Button variant="outlined" startIcon={<PrintIcon />} className="no-print" sx={{ mt: 2 }} onClick={printSlip} data-testid="station-slip-print">
            {t.print}
          </Button>
        </>
      )}
    </SectionPanel>
  );
}
