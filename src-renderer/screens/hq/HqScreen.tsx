import { Box, Stack, Typography } from '@mui/material';
import { fa } from '../../i18n/fa';
import { AckImportPanel } from './AckImportPanel';
import { ExportPanel } from './ExportPanel';
import { HqLinkCard } from './HqLinkCard';
import { HqStatusCard } from './HqStatusCard';
import { RegistryPanel } from './RegistryPanel';

/** Issue 8: the supervisor's «ستاد» screen — how far headquarters is behind, export to a folder, the acknowledgement back. */
export default function HqScreen(_props: { params?: Record<string, string> }) {
  return (
    <Box sx={{ p: 2 }} data-testid="hq-screen">
      <Typography variant="h5" component="h2" sx={{ mb: 1 }}>
        {fa.hq.title}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2, maxWidth: 900 }}>
        {fa.hq.intro}
      </Typography>
      <Stack spacing={2} sx={{ maxWidth: 900 }}>
        <HqLinkCard />
        <HqStatusCard />
        <ExportPanel />
        <AckImportPanel />
        <RegistryPanel />
      </Stack>
    </Box>
  );
}
