import RefreshIcon from '@mui/icons-material/Refresh';
import { Alert, Box, Button, CircularProgress, IconButton, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { contract } from '../../../shared/contract';
import { useAction, useCall } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { applyServerIssues, ErrorAlert, FormText, SubmitButton, useZodForm } from '../../lib/forms';
import { keepFocus, KioskPanel, KioskUsernameField } from './KioskPanel';
import { SmsSample } from './SmsSample';

const t = fa.kiosk.recover;

/** The offline security code: an SVG from main, shown as a data: image (the CSP allows those). */
function Captcha({ svg, loading, onRefresh }: { svg: string | undefined; loading: boolean; onRefresh: () => void }) {
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <Box sx={{ width: 160, height: 50, border: 1, borderColor: 'divider', borderRadius: 1, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
        {svg && !loading ? (
          <img src={'data:image/svg+xml;base64,' + btoa(svg)} alt={t.captchaAlt} width={160} height={50} data-testid="captcha-image" />
        ) : (
          <CircularProgress size={20} aria-label={t.captchaLoading} />
        )}
      </Box>
      <IconButton onClick={onRefresh} onMouseDown={keepFocus} aria-label={t.captchaRefresh} title={t.captchaRefresh} data-testid="captcha-refresh">
        <RefreshIcon />
      </IconButton>
    </Stack>
  );
}

/** REC-1..REC-5: username + the registered mobile + the security code; the answer never tells. */
export function KioskRecover({ onBack }: { onBack: () => void }) {
  const captcha = useCall('portal:captcha', {}, { staleTime: Infinity, gcTime: 0 });
  const recover = useAction('portal:recover');
  const [accepted, setAccepted] = useState(false);
  const form = useZodForm(contract['portal:recover'].input, { username: '', mobile: '', captcha: '' });

  // Each picture answers one try (main forgets it), so every answer brings a new one.
  const newPicture = () => {
    form.setValue('captcha', '');
    void captcha.refetch();
  };
  const submit = form.handleSubmit((v) =>
    recover.mutate(v, {
      onSuccess: () => {
        form.reset();
        setAccepted(true);
      },
      onError: (e) => {
        if (!applyServerIssues(form.setError, e.body)) form.setFocus(e.body.code === 'VERIFICATION_FAILED' ? 'captcha' : 'username');
      },
      onSettled: newPicture,
    }),
  );
  const again = () => {
    recover.reset();
    setAccepted(false);
  };
  const error = recover.error?.body;

  return (
    <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '3fr 2fr' }, alignItems: 'start' }}>
      <KioskPanel title={t.title} testId="kiosk-recover" onSubmit={accepted ? undefined : submit}>
        {accepted ? (
          <Stack spacing={2}>
            <Alert severity="success" data-testid="recover-accepted">
              {t.accepted}
            </Alert>
            <Button variant="contained" autoFocus onClick={onBack} data-testid="kiosk-back">
              {t.back}
            </Button>
            <Button onClick={again} data-testid="recover-again">
              {t.another}
            </Button>
          </Stack>
        ) : (
          <>
            <Typography sx={{ mb: 2 }}>{t.intro}</Typography>
            <Stack spacing={2}>
              <KioskUsernameField control={form.control} name="username" label={t.username} helperText={t.usernameHelp} testId="recover-username" />
              <FormText
                control={form.control}
                name="mobile"
                digitsFa
                label={t.mobile}
                helperText={t.mobileHelp}
                data-testid="recover-mobile"
                slotProps={{ htmlInput: { dir: 'ltr', inputMode: 'tel', spellCheck: false } }}
              />
              <Captcha svg={captcha.data?.svg} loading={captcha.isFetching} onRefresh={newPicture} />
              <FormText
                control={form.control}
                name="captcha"
                digitsFa
                label={t.captcha}
                helperText={t.captchaHelp}
                data-testid="recover-captcha"
                slotProps={{ htmlInput: { dir: 'ltr', inputMode: 'numeric', maxLength: 10, spellCheck: false } }}
              />
              <ErrorAlert error={error?.code === 'VERIFICATION_FAILED' ? { ...error, message: t.captchaWrong } : (error ?? captcha.error?.body)} />
              <SubmitButton loading={recover.isPending}>{t.submit}</SubmitButton>
              <Button onClick={onBack} onMouseDown={keepFocus} data-testid="kiosk-back">
                {t.back}
              </Button>
            </Stack>
          </>
        )}
      </KioskPanel>
      <KioskPanel title={t.explainTitle} testId="recover-explained">
        <Stack spacing={2}>
          <SmsSample />
          <Typography data-testid="recover-rec5">{t.howToUse}</Typography>
          <Alert severity="warning" data-testid="recover-rec4">
            {t.lastOnly}
          </Alert>
          <Alert severity="info" data-testid="recover-rec3">
            {t.retry}
          </Alert>
          <Typography variant="body2" color="text.secondary">
            {t.noMobile}
          </Typography>
        </Stack>
      </KioskPanel>
    </Box>
  );
}
