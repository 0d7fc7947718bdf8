import { Box, CircularProgress, Stack, Typography } from '@mui/material';
import { useCall } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { ErrorAlert } from '../../lib/forms';
import { BranchImportPanel } from './BranchImportPanel';
import { GatewayPanel } from './GatewayPanel';
import { GeneralSettingsForm } from './GeneralSettingsForm';
import { GroupsPanel } from './GroupsPanel';
import { HqLinkPanel } from './HqLinkPanel';
import { StationSlipPanel } from './StationSlipPanel';

/** Issue 4, item 10: groups open for registration (REG-1), branch list import, the other settings and the SMS gateway (BR-4). */
export default function SettingsScreen(_props: { params?: Record<string, string> }) {
  const settings = useCall('settings:get', {});
  return (
    <Box sx={{ p: 2 }} data-testid="settings-screen">
      <Typography variant="h5" component="h2" sx={{ mb: 2 }}>
        {fa.settings.title}
      </Typography>
      <Stack spacing={2}>
        <Stack direction={{ xs: 'column', lg: 'row' }} spacing={2} sx={{ alignItems: 'flex-start', '& > *': { flex: 1, width: '100%' } }}>
          <GroupsPanel />
          <BranchImportPanel />
        </Stack>
        <ErrorAlert error={settings.error?.body} />
        {settings.isPending && <CircularProgress aria-label={fa.loading} />}
        {settings.data && <GeneralSettingsForm settings={settings.data} />}
        {settings.data && <GatewayPanel settings={settings.data} />}
        <StationSlipPanel />
        <HqLinkPanel />
      </Stack>
    </Box>
  );
}
