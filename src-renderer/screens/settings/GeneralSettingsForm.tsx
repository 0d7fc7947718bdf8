import { Alert, Box, Paper, Stack, Typography } from '@mui/material';
import type { z } from 'zod';
import type { Output } from '../../../shared/contract';
import { SettingsSchema, type Settings } from '../../../shared/contract/settings.contract';
import { fa as t } from '../../i18n/fa';
import { ErrorAlert, FormNumber, FormText, SubmitButton, typedNumber, useZodForm } from '../../lib/forms';
import { fa } from '../../lib/format';
import { useSettingsPatch } from './use-settings-patch';

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

/** Only the settings this form edits (the SMS gateway has its own panel). */
const FormSchema = SettingsSchema.pick({ termsVersion: true, termsText: true }).extend({
  idleLockMinutes: typedNumber(SettingsSchema.shape.idleLockMinutes),
  resetCooldownSeconds: typedNumber(SettingsSchema.shape.resetCooldownSeconds),
  resetDailyCap: typedNumber(SettingsSchema.shape.resetDailyCap),
  resetPasswordLifeHours: typedNumber(SettingsSchema.shape.resetPasswordLifeHours),
  resetSmsDeadlineHours: typedNumber(SettingsSchema.shape.resetSmsDeadlineHours),
  initialPasswordLifeDays: typedNumber(SettingsSchema.shape.initialPasswordLifeDays),
  mobileChangeGuardHours: typedNumber(SettingsSchema.shape.mobileChangeGuardHours),
});
type FormValues = z.input<typeof FormSchema>;

function toForm(s: Settings): FormValues {
  const numbers = Object.fromEntries(NUMERIC.map((k) => [k, fa(s[k])])) as Record<NumericKey, string>;
  return { termsVersion: s.termsVersion, termsText: s.termsText, ...numbers };
}

/** REG-2's terms and the timing limits (settings:update, one audited change). */
export function GeneralSettingsForm({ settings }: { settings: Output<'settings:get'> }) {
  const form = useZodForm(FormSchema, toForm(settings));
  const { dirtyFields } = form.formState;
  const textChangedAlone = !!dirtyFields.termsText && !dirtyFields.termsVersion;
  const { update, submit } = useSettingsPatch(form, toForm, tg, ['settings:terms']);

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
            <FormNumber key={k} control={form.control} name={k} label={tg[k]} limits={SettingsSchema.shape[k]} testId={`setting-${k}`} />
          ))}
        </Box>
        <ErrorAlert error={update.error?.body} />
        <div>
          <SubmitButton loading={update.isPending}>{tg.save}</SubmitButton>
        </div>
      </Stack>
    </Paper>
  );
}
