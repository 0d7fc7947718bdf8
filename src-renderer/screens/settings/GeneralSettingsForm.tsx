import { Alert, Box, MenuItem, Paper, Stack, TextField, Typography } from '@mui/material';
import { Controller, useWatch, type Control } from 'react-hook-form';
import { z } from 'zod';
import type { Output } from '../../../shared/contract';
import { SettingsSchema, type Settings } from '../../../shared/contract/settings.contract';
import { toAsciiDigits } from '../../../shared/text/digits';
import { useAction, useCall } from '../../api/hooks';
import { fa as t } from '../../i18n/fa';
import { applyServerIssues, ErrorAlert, FormText, SubmitButton, useZodForm } from '../../lib/forms';
import { fa } from '../../lib/format';
import { useNotify } from '../../lib/notify';

const tg = t.settings.general;

const NUMERIC = [
  'idleLockMinutes',
  'resetCooldownSeconds',
  'resetDailyCap',
  'resetPasswordLifeHours',
  'resetSmsDeadlineHours',
  'initialPasswordLifeDays',
  'mobileChangeGuardHours',
] as const;
type NumericKey = (typeof NUMERIC)[number];

/** The field as typed (Persian, Arabic or Latin digits) to a number; the contract's own limits then apply. */
function typed<K extends NumericKey>(key: K) {
  return z.preprocess((v) => {
    if (typeof v !== 'string') return v;
    const s = toAsciiDigits(v).trim();
    return s === '' ? undefined : Number(s);
  }, SettingsSchema.shape[key]);
}

/** Only the settings this form edits (the gateway's own parameters are not its business). */
const FormSchema = SettingsSchema.pick({ termsVersion: true, termsText: true, smsAdapter: true }).extend({
  idleLockMinutes: typed('idleLockMinutes'),
  resetCooldownSeconds: typed('resetCooldownSeconds'),
  resetDailyCap: typed('resetDailyCap'),
  resetPasswordLifeHours: typed('resetPasswordLifeHours'),
  resetSmsDeadlineHours: typed('resetSmsDeadlineHours'),
  initialPasswordLifeDays: typed('initialPasswordLifeDays'),
  mobileChangeGuardHours: typed('mobileChangeGuardHours'),
});
type FormValues = z.input<typeof FormSchema>;
type Edited = keyof z.output<typeof FormSchema>;

function toForm(s: Settings): FormValues {
  const numbers = Object.fromEntries(NUMERIC.map((k) => [k, fa(s[k])])) as Record<NumericKey, string>;
  return { termsVersion: s.termsVersion, termsText: s.termsText, smsAdapter: s.smsAdapter, ...numbers };
}

/** A whole number within the contract's limits, which the helper text states. */
function NumberField({ control, name }: { control: Control<FormValues>; name: NumericKey }) {
  const shape = SettingsSchema.shape[name];
  const min = fa(shape.minValue ?? 0);
  const max = fa(shape.maxValue ?? 0);
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <TextField
          {...field}
          value={(field.value as string | number | undefined) ?? ''}
          label={tg[name]}
          error={!!fieldState.error}
          helperText={fieldState.error ? tg.rangeError(min, max) : tg.range(min, max)}
          slotProps={{ htmlInput: { inputMode: 'numeric', autoComplete: 'off', 'data-testid': `setting-${name}` } }}
          fullWidth
        />
      )}
    />
  );
}

/** What the choice means here: training mode always writes to the file; SMPP/Kannel come later. */
function AdapterNotes({ control, status }: { control: Control<FormValues>; status: Output<'app:status'> | undefined }) {
  const adapter = useWatch({ control, name: 'smsAdapter' });
  return (
    <Stack spacing={1} data-testid="adapter-notes">
      {status && (
        <Typography color="text.secondary" data-testid="adapter-now">
          {tg.adapterNow(t.status.adapter[status.sms.adapter])}
        </Typography>
      )}
      {status?.trainingMode && <Alert severity="info">{tg.adapterTraining}</Alert>}
      {adapter === 'file' && status?.trainingMode === false && <Alert severity="warning">{tg.adapterFileNotTraining}</Alert>}
      <Alert severity="info">
        {tg.adapterFileNote} {tg.adapterParamsNote}
      </Alert>
    </Stack>
  );
}

/** REG-2's terms, timing limits and the SMS gateway choice (settings:update, one audited change). */
export function GeneralSettingsForm({ settings }: { settings: Output<'settings:get'> }) {
  const notify = useNotify();
  const status = useCall('app:status', {});
  const update = useAction('settings:update', { invalidates: ['settings:get', 'settings:terms', 'app:status'] });
  const form = useZodForm(FormSchema, toForm(settings));
  const { dirtyFields } = form.formState;
  const textChangedAlone = !!dirtyFields.termsText && !dirtyFields.termsVersion;

  const submit = form.handleSubmit((values) => {
    // Only what changed goes to main, so the audit entry names exactly the changed settings.
    const patch = Object.fromEntries(Object.keys(form.formState.dirtyFields).map((k) => [k, values[k as Edited]])) as Partial<Settings>;
    if (Object.keys(patch).length === 0) {
      notify(tg.nothingChanged, 'info');
      return;
    }
    update.mutate(patch, {
      onSuccess: (next) => {
        form.reset(toForm(next));
        notify(tg.saved);
      },
      onError: (e) => applyServerIssues(form.setError, e.body),
    });
  });

  return (
    <Paper component="form" onSubmit={submit} noValidate sx={{ p: 2 }} data-testid="general-settings">
      <Typography variant="h6" component="h3" sx={{ mb: 2 }}>
        {tg.title}
      </Typography>
      <Stack spacing={2}>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
          <FormText
            control={form.control}
            name="termsVersion"
            label={tg.termsVersion}
            helperText={tg.termsVersionHelp}
            sx={{ maxWidth: { md: 280 } }}
            slotProps={{ htmlInput: { 'data-testid': 'setting-termsVersion' } }}
          />
          <FormText control={form.control} name="termsText" label={tg.termsText} multiline minRows={4} maxRows={12} slotProps={{ htmlInput: { 'data-testid': 'setting-termsText' } }} />
        </Stack>
        {textChangedAlone && (
          <Alert severity="warning" data-testid="terms-version-warning">
            {tg.termsChangedSameVersion}
          </Alert>
        )}
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))' }}>
          {NUMERIC.map((k) => (
            <NumberField key={k} control={form.control} name={k} />
          ))}
        </Box>
        <FormText control={form.control} name="smsAdapter" label={tg.smsAdapter} select sx={{ maxWidth: 360 }} slotProps={{ htmlInput: { 'data-testid': 'setting-smsAdapter' } }}>
          {SettingsSchema.shape.smsAdapter.options.map((a) => (
            <MenuItem key={a} value={a} data-testid={`adapter-${a}`}>
              {tg.adapters[a]}
            </MenuItem>
          ))}
        </FormText>
        <AdapterNotes control={form.control} status={status.data} />
        <ErrorAlert error={update.error?.body} />
        <div>
          <SubmitButton loading={update.isPending}>{tg.save}</SubmitButton>
        </div>
      </Stack>
    </Paper>
  );
}
