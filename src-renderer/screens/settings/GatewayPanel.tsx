import { Divider } from '@mui/material';
import type { Output } from '../../../shared/contract';
import { useCall } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { SectionPanel } from '../../lib/panel';
import { GatewaySettingsForm } from './GatewaySettingsForm';
import { TestSmsForm } from './TestSmsForm';

const tw = fa.settings.gateway;

/** BR-4: the SMS gateway: which adapter, its parameters and password, and a test message. */
export function GatewayPanel({ settings }: { settings: Output<'settings:get'> }) {
  const status = useCall('app:status', {});
  return (
    <SectionPanel testId="gateway-panel" title={tw.title} intro={tw.intro} introGap={2}>
      <GatewaySettingsForm settings={settings} status={status.data} />
      <Divider sx={{ my: 2 }} />
      <TestSmsForm trainingMode={status.data?.trainingMode ?? false} />
    </SectionPanel>
  );
}
