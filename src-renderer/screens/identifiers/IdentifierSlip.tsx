import PrintIcon from '@mui/icons-material/Print';
import { Box, Button, Paper, Stack, Typography } from '@mui/material';
import { useCall } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { jalaliDate, jalaliDateTime } from '../../lib/format';
import { countryNameFa } from './countries';
import { groupForeignId, groupForeignIdFa } from './format';
import type { ForeignIdentifier } from './issue-form';

const t = fa.identifiers.issued;

function Row({ label, value, ltr }: { label: string; value: string; ltr?: boolean }) {
  return (
    <Box sx={{ display: 'flex', gap: 2, py: 0.5, borderBottom: 1, borderColor: 'divider' }}>
      <Typography sx={{ minWidth: 120, color: 'text.secondary' }}>{label}</Typography>
      <Typography sx={{ fontWeight: 500 }} dir={ltr ? 'ltr' : undefined}>
        {value}
      </Typography>
    </Box>
  );
}

/** The issued identifier, large enough to read across the counter, and its printable slip (BR-2). */
export function IdentifierSlip({ identifier: r, onAnother }: { identifier: ForeignIdentifier; onAnother: () => void }) {
  const setup = useCall('setup:state', {});
  return (
    <Stack spacing={2} data-testid="identifier-issued">
      <Paper variant="outlined" sx={{ p: 3, maxWidth: 720 }} data-testid="identifier-slip">
        <Typography variant="body2" color="text.secondary">
          {t.org}
          {setup.data?.branch ? ` — ${setup.data.branch.name}` : ''}
        </Typography>
        <Typography variant="h6" component="h3" gutterBottom>
          {t.slipTitle}
        </Typography>
        <Box sx={{ textAlign: 'center', my: 2, p: 2, border: 2, borderColor: 'primary.main', borderRadius: 2 }}>
          <Typography color="text.secondary">{t.identifier}</Typography>
          <Typography
            dir="ltr"
            data-testid="issued-identifier"
            data-value={r.identifier}
            sx={{ fontSize: { xs: '2.2rem', md: '3rem' }, fontWeight: 700, letterSpacing: '0.06em', lineHeight: 1.3 }}
          >
            {groupForeignIdFa(r.identifier)}
          </Typography>
          <Typography dir="ltr" data-testid="issued-identifier-latin" sx={{ fontFamily: 'monospace', fontSize: '1.6rem', letterSpacing: '0.08em' }}>
            {groupForeignId(r.identifier)}
          </Typography>
          <Typography variant="caption" color="text.secondary">
            {t.latin}
          </Typography>
        </Box>
        <Row label={t.holder} value={`${r.firstNameFa} ${r.lastNameFa}`} />
        <Row label={t.latinName} value={`${r.firstNameLatin} ${r.lastNameLatin}`} ltr />
        <Row label={t.fatherName} value={r.fatherName} />
        <Row label={t.nationality} value={countryNameFa(r.nationality)} />
        <Row label={t.document} value={fa.idDocument.types[r.documentType]} />
        <Row label={fa.identifiers.issue.documentNumber} value={r.documentNumber} ltr />
        <Row label={t.birthDate} value={jalaliDate(r.birthDate)} />
        <Row label={t.issuedAt} value={jalaliDateTime(r.issuedAt)} />
        <Row label={t.issuedBy} value={r.issuedBy} />
        <Typography variant="body2" sx={{ mt: 2 }}>
          {t.note}
        </Typography>
      </Paper>
      <Stack direction="row" spacing={2} className="no-print">
        <Button variant="contained" startIcon={<PrintIcon />} autoFocus onClick={() => window.print()} data-testid="identifier-print">
          {t.print}
        </Button>
        <Button variant="outlined" onClick={onAnother} data-testid="identifier-another">
          {t.another}
        </Button>
      </Stack>
    </Stack>
  );
}
