import { Box, CircularProgress, Stack, Typography } from '@mui/material';
import { HqLinkSettingsInputSchema, type HqLinkSettingsView } from '../../../shared/contract/hq-link.contract';
import { useAction, useCall } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { submitTo } from '../../lib/form-action';
import { ErrorAlert, FormText, SubmitButton, useZodForm } from '../../lib/forms';
import { jalaliDate } from '../../lib/format';
import { useNotify } from '../../lib/notify';
import { SectionPanel } from '../../lib/panel';

const t = fa.hqLink.settings;
const LTR = { dir: 'ltr' } as const;

function HqLinkForm({ view }: { view: HqLinkSettingsView }) {
  const notify = useNotify();
  const save = useAction('hq:link-settings-save', { invalidates: ['hq:link-settings', 'app:status'] });
  const form = useZodForm(HqLinkSettingsInputSchema, { url: view.url, caPem: view.caPem, hqKeyText: view.hqKeyText });
  const submit = submitTo(form, save, (next) => {
    form.reset({ url: next.url, caPem: next.caPem, hqKeyText: next.hqKeyText });
    notify(t.saved);
  });
  const shown = save.data ?? view;
  return (
    <Stack component="form" onSubmit={submit} noValidate spacing={2}>
      <FormText control={form.control} name="url" label={t.url} helperText={t.urlHelp} slotProps={{ htmlInput: { ...LTR, 'data-testid': 'hq-url' } }} />
      <FormText
        control={form.control}
        name="caPem"
        label={t.caPem}
        helperText={t.caPemHelp}
        multiline
        minRows={4}
        maxRows={10}
        slotProps={{ htmlInput: { ...LTR, spellCheck: false, style: { fontFamily: 'monospace', fontSize: 12 }, 'data-testid': 'hq-ca' } }}
      />
      <FormText control={form.control} name="hqKeyText" label={t.hqKeyText} helperText={t.hqKeyTextHelp} slotProps={{ htmlInput: { ...LTR, spellCheck: false, 'data-testid': 'hq-key' } }} />
      {shown.configured && (
        <Box data-testid="hq-settings-facts">
          <Typography variant="body2">
            {t.caSubject}: <span dir="ltr">{shown.caSubject}</span>
          </Typography>
          {shown.caValidTo && (
            <Typography variant="body2">
              {t.caValidTo}: {jalaliDate(shown.caValidTo)}
            </Typography>
          )}
          <Typography variant="body2">
            {t.fingerprint}:{' '}
            <Box component="span" dir="ltr" sx={{ fontFamily: 'monospace' }} data-testid="hq-key-fingerprint">
              {shown.hqKeyFingerprint}
            </Box>
          </Typography>
        </Box>
      )}
      <ErrorAlert error={save.error?.body} />
      <div>
        <SubmitButton loading={save.isPending}>{t.save}</SubmitButton>
      </div>
    </Stack>
  );
}

/** Issue 9: Settings → Headquarters — the URL, the pinned CA and headquarters' key (supervisor; audited). */
export function HqLinkPanel() {
  const view = useCall('hq:link-settings', {});
  return (
    <SectionPanel testId="hq-link-settings" title={t.title} intro={t.intro} introGap={2}>
      <ErrorAlert error={view.error?.body} />
      {view.isPending && <CircularProgress aria-label={fa.loading} />}
      {view.data && <HqLinkForm view={view.data} />}
    </SectionPanel>
  );
}
