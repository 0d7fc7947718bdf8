import { Alert, Box, Divider, MenuItem, Stack, Typography } from '@mui/material';
import { useWatch } from 'react-hook-form';
import type { Output } from '../../../shared/contract';
import { fa } from '../../i18n/fa';
import { ErrorAlert, FormText, SubmitButton, useZodFormAs } from '../../lib/forms';
import { GatewayParamField } from './GatewayParamField';
import { GatewayPasswordForm } from './GatewayPasswordForm';
import {
  ADAPTERS,
  GATEWAY_FIELDS,
  GatewayFormSchema,
  gatewayPatch,
  isGateway,
  toGatewayForm,
  type Adapter,
  type GatewayFormOutput,
  type GatewayFormValues,
} from './gateway-form';
import { useSettingsPatch } from './use-settings-patch';

const tw = fa.settings.gateway;

/** What the choice means here: training mode always writes to the file; the file means nothing otherwise. */
function AdapterNotes({ adapter, status }: { adapter: Adapter; status: Output<'app:status'> | undefined }) {
  return (
    <Stack spacing={1} data-testid="adapter-notes">
      {status && (
        <Typography color="text.secondary" data-testid="adapter-now">
          {tw.adapterNow(fa.status.adapter[status.sms.adapter])}
        </Typography>
      )}
      {status?.trainingMode && <Alert severity="info">{tw.adapterTraining}</Alert>}
      {adapter === 'file' && <Alert severity={status?.trainingMode === false ? 'warning' : 'info'}>{status?.trainingMode === false ? tw.adapterFileNotTraining : tw.adapterFileNote}</Alert>}
      {isGateway(adapter) && <Alert severity="info">{tw.adapterParamsNote}</Alert>}
    </Stack>
  );
}

/**
 * BR-4: the adapter and the chosen gateway's parameters (settings:update, one audited change),
 * checked by the contract's own schemas; below them, that gateway's password.
 */
export function GatewaySettingsForm({ settings, status }: { settings: Output<'settings:get'>; status: Output<'app:status'> | undefined }) {
  const form = useZodFormAs<GatewayFormValues, GatewayFormOutput>(GatewayFormSchema, toGatewayForm(settings));
  const adapter = useWatch({ control: form.control, name: 'smsAdapter' });
  const { update, submit } = useSettingsPatch(form, toGatewayForm, tw, [], gatewayPatch);

  return (
    <Stack spacing={2}>
      <Box component="form" onSubmit={submit} noValidate data-testid="gateway-settings">
        <Stack spacing={2}>
          <FormText control={form.control} name="smsAdapter" label={tw.smsAdapter} select sx={{ maxWidth: 360 }} slotProps={{ htmlInput: { 'data-testid': 'setting-smsAdapter' } }}>
            {ADAPTERS.map((a) => (
              <MenuItem key={a} value={a} data-testid={`adapter-${a}`}>
                {tw.adapters[a]}
              </MenuItem>
            ))}
          </FormText>
          <AdapterNotes adapter={adapter} status={status} />
          {isGateway(adapter) && (
            <Box data-testid={`gateway-params-${adapter}`}>
              <Typography variant="subtitle1" component="h4" sx={{ mb: 1.5 }}>
                {tw.paramsTitle(tw.adapters[adapter])}
              </Typography>
              <Box sx={{ display: 'grid', columnGap: 2, rowGap: 1, gridTemplateColumns: 'repeat(auto-fill, minmax(250px, 1fr))' }}>
                {GATEWAY_FIELDS[adapter].map((name) => (
                  <GatewayParamField key={`${adapter}.${name}`} control={form.control} gateway={adapter} name={name} />
                ))}
              </Box>
            </Box>
          )}
          <ErrorAlert error={update.error?.body} />
          <div>
            <SubmitButton loading={update.isPending}>{tw.save}</SubmitButton>
          </div>
        </Stack>
      </Box>
      {isGateway(adapter) && (
        <>
          <Divider />
          <GatewayPasswordForm key={adapter} gateway={adapter} isSet={settings.gatewayPasswordSet[adapter]} />
        </>
      )}
    </Stack>
  );
}
