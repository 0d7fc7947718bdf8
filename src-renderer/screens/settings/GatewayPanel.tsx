import { Divider, Paper, Typography } from '@mui/material';
import type { Output } from '../../../shared/contract';
import { useCall } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { GatewaySettingsForm } from './GatewaySettingsForm';
import { TestSmsForm } from './TestSmsForm';

const tw = fa.settings.gateway;

/** BR-4: the SMS gateway: which adapter, its parameters and password, and a test message. */
export function GatewayPanel({ settings }: { settings: Output<'settings:get'> }) {
  const status = useCall('app:status', {});
  return (
    <Paper sx={{ p: 2 }} data-testid="gateway-panel">
      <Typography variant="h6" component="h3">
        {tw.title}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {tw.intro}
      </Typography>
      <GatewaySettingsForm settings={settings} status={status.data} />
      <Divider sx={{ my: 2 }} />
      <TestSmsForm trainingMode={status.data?.trainingMode ?? false} />
    </Paper>
  );
}
