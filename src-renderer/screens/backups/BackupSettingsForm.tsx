import { Paper, Stack, Typography } from '@mui/material';
import type { z } from 'zod';
import type { Output } from '../../../shared/contract';
import { SettingsSchema, type Settings } from '../../../shared/contract/settings.contract';
import { fa } from '../../i18n/fa';
import { ErrorAlert, FormNumber, FormText, SubmitButton, typedNumber, useZodForm } from '../../lib/forms';
import { fa as faDigits } from '../../lib/format';
import { useSettingsPatch } from '../settings/use-settings-patch';

const t = fa.backups.settings;

const FormSchema = SettingsSchema.pick({ backupFolder: true }).extend({
  backupIntervalHours: typedNumber(SettingsSchema.shape.backupIntervalHours),
  backupKeep: typedNumber(SettingsSchema.shape.backupKeep),
});
type FormValues = z.input<typeof FormSchema>;

function toForm(s: Settings): FormValues {
  return { backupFolder: s.backupFolder, backupIntervalHours: faDigits(s.backupIntervalHours), backupKeep: faDigits(s.backupKeep) };
}

/** Backups: the folder outside the PC, every N hours, keep the last K (settings:update, audited). */
export function BackupSettingsForm({ settings }: { settings: Output<'settings:get'> }) {
  const form = useZodForm(FormSchema, toForm(settings));
  const { update, submit } = useSettingsPatch(form, toForm, t, ['backups:list']);
  return (
    <Paper component="form" onSubmit={submit} noValidate sx={{ p: 2 }} data-testid="backup-settings">
      <Typography variant="h6" component="h3" sx={{ mb: 2 }}>
        {t.title}
      </Typography>
      <Stack spacing={2}>
        <FormText control={form.control} name="backupFolder" label={t.folder} helperText={t.folderHelp} slotProps={{ htmlInput: { dir: 'ltr', 'data-testid': 'setting-backupFolder' } }} />
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
          <FormNumber control={form.control} name="backupIntervalHours" label={t.backupIntervalHours} limits={SettingsSchema.shape.backupIntervalHours} testId="setting-backupIntervalHours" />
          <FormNumber control={form.control} name="backupKeep" label={t.backupKeep} limits={SettingsSchema.shape.backupKeep} testId="setting-backupKeep" />
        </Stack>
        <ErrorAlert error={update.error?.body} />
        <div>
          <SubmitButton loading={update.isPending}>{t.save}</SubmitButton>
        </div>
      </Stack>
    </Paper>
  );
}
