import { Alert, Autocomplete, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Paper, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { Controller } from 'react-hook-form';
import { contract } from '../../../shared/contract';
import { useAction, useCall } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { applyServerIssues, ErrorAlert, fieldErrorText, FormText, PasswordText, SubmitButton, useZodForm } from '../../lib/forms';
import { branchOption } from '../../lib/format';
import JoinScreen from './JoinScreen';

const t = fa.staffAuth.setup;

/**
 * First run: branch, this machine's station number, the first supervisor; the recovery code once.
 * On a database already set up (another counter did it), this counter joins the branch instead.
 */
export default function SetupScreen({ onCompleted, onDone }: { onCompleted: () => void; onDone: () => void }) {
  const state = useCall('setup:state', {});
  const [query, setQuery] = useState('');
  const branches = useCall('reference:branches', { query });
  const run = useAction('setup:run', { invalidates: ['app:status', 'setup:state'] });
  const [recovery, setRecovery] = useState<string | null>(null);
  const form = useZodForm(contract['setup:run'].input, { username: '', displayName: '', password: '', passwordRepeat: '' });
  const submit = form.handleSubmit((values) => {
    // Held before the call: a status push that says "set up" must not unmount this screen before
    // the one-time recovery code is on it.
    onCompleted();
    run.mutate(values, {
      onSuccess: (r) => setRecovery(r.recoveryCode),
      onError: (e) => applyServerIssues(form.setError, e.body),
    });
  });
  if (state.isPending) return null;
  if (state.data?.done && recovery === null && !run.isSuccess) return <JoinScreen state={state.data} />;
  return (
    <Box sx={{ maxWidth: 640, mx: 'auto', my: 4 }}>
      <Paper component="form" onSubmit={submit} noValidate sx={{ p: 3 }} data-testid="setup-screen">
        <Typography variant="h5" component="h2" gutterBottom>
          {t.title}
        </Typography>
        <Typography sx={{ mb: 2 }}>{t.intro}</Typography>
        {branches.data?.some((b) => b.isSample) && (
          <Alert severity="info" sx={{ mb: 2 }}>
            {t.sampleData}
          </Alert>
        )}
        <Stack spacing={2}>
          <Controller
            control={form.control}
            name="branchId"
            render={({ field, fieldState }) => (
              <Autocomplete
                options={branches.data ?? []}
                getOptionLabel={branchOption}
                onInputChange={(_e, v) => setQuery(v.slice(0, 60))}
                onChange={(_e, b) => field.onChange(b?.id)}
                isOptionEqualToValue={(a, b) => a.id === b.id}
                filterOptions={(x) => x}
                renderInput={(params) => (
                  <TextField {...params} autoFocus label={t.branch} name="branch" error={!!fieldState.error} helperText={fieldErrorText(fieldState.error) ?? t.branchHelp} />
                )}
              />
            )}
          />
          <FormText control={form.control} name="stationNumber" digitsFa label={t.station} helperText={t.stationHelp} slotProps={{ htmlInput: { inputMode: 'numeric' } }} />
          <FormText control={form.control} name="displayName" label={t.displayName} />
          <FormText control={form.control} name="username" label={t.username} slotProps={{ htmlInput: { dir: 'ltr' } }} />
          <PasswordText control={form.control} name="password" label={t.password} />
          <PasswordText control={form.control} name="passwordRepeat" label={t.passwordRepeat} />
          <ErrorAlert error={run.error?.body} />
          <SubmitButton loading={run.isPending}>{t.submit}</SubmitButton>
        </Stack>
      </Paper>
      <Dialog open={recovery !== null} onClose={(_e, reason) => reason === "backdropClick" || reason === "escapeKeyDown" ? undefined : onDone()}>
        <DialogTitle>{t.recoveryTitle}</DialogTitle>
        <DialogContent>
          <Typography sx={{ mb: 2 }}>{t.recoveryText}</Typography>
          <Typography dir="ltr" sx={{ fontFamily: 'monospace', bgcolor: 'grey.100', p: 1, mb: 2 }}>
            node out/main/cli.js recover-supervisor --username {form.getValues('username')} --code …
          </Typography>
          <Typography variant="h5" dir="ltr" data-testid="recovery-code" sx={{ fontFamily: 'monospace', textAlign: 'center' }}>
            {recovery}
          </Typography>
        </DialogContent>
        <DialogActions>
          <Button variant="contained" autoFocus onClick={onDone}>
            {t.recoveryDone}
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}
