import { Alert, Box, Paper, Stack, Typography } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { contract, type Output } from '../../../shared/contract';
import { useAction } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { branchOption, fa as digitsFa } from '../../lib/format';
import { applyServerIssues, ErrorAlert, FormText, PasswordText, SubmitButton, useZodForm } from '../../lib/forms';

const t = fa.staffAuth.join;

/**
 * "Add this counter": the database is set up (a shared PostgreSQL) but this machine has no station
 * of its own. A supervisor types their username and password and a number the branch never used.
 */
export default function JoinScreen({ state }: { state: Output<'setup:state'> }) {
  const qc = useQueryClient();
  const join = useAction('setup:join', { invalidates: ['app:status', 'setup:state'] });
  const form = useZodForm(contract['setup:join'].input, {
    username: '',
    password: '',
    stationNumber: state.freeStation === null ? '' : digitsFa(state.freeStation),
  });
  const submit = form.handleSubmit((values) =>
    join.mutate(values, {
      onSuccess: () => void qc.invalidateQueries(),
      onError: (e) => applyServerIssues(form.setError, e.body),
    }),
  );
  const branch = state.branch ? branchOption(state.branch) : '';
  const why = state.station === 'ready' ? null : t.why[state.station];
  return (
    <Box sx={{ maxWidth: 640, mx: 'auto', my: 4 }}>
      <Paper component="form" onSubmit={submit} noValidate sx={{ p: 3 }} data-testid="join-screen">
        <Typography variant="h5" component="h2" gutterBottom>
          {t.title}
        </Typography>
        <Typography sx={{ mb: 2 }}>{t.intro(branch)}</Typography>
        {why && (
          <Alert severity={state.station === 'none' ? 'info' : 'warning'} sx={{ mb: 2 }} data-testid="join-why" data-state={state.station}>
            {why}
          </Alert>
        )}
        <Stack spacing={2}>
          <FormText control={form.control} name="username" label={t.username} autoFocus slotProps={{ htmlInput: { dir: 'ltr', autoComplete: 'username' } }} />
          <PasswordText control={form.control} name="password" label={t.password} />
          <FormText
            control={form.control}
            name="stationNumber"
            digitsFa
            label={t.station}
            helperText={state.freeStation === null ? t.noneFree : t.stationHelp(digitsFa(state.freeStation))}
            slotProps={{ htmlInput: { inputMode: 'numeric' } }}
          />
          <Typography variant="body2" color="text.secondary">
            {t.keys}
          </Typography>
          <ErrorAlert error={join.error?.body} />
          <SubmitButton loading={join.isPending}>{t.submit}</SubmitButton>
        </Stack>
      </Paper>
    </Box>
  );
}
