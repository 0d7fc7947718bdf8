import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import { Box, CircularProgress, InputAdornment, TextField, Typography } from '@mui/material';
import { useState, type ReactNode } from 'react';
import { Controller, type Control } from 'react-hook-form';
import { useCall } from '../../api/hooks';
import { fa, fieldMessageFa } from '../../i18n/fa';
import { fieldErrorText } from '../../lib/forms';
import { liveCheck, type ApplicantKind } from './live-check';
import type { RegisterFormValues } from './register-form';

const t = fa.register.identity;

/**
 * The national code (citizen) or the foreign-national identifier (REG-3, REG-7), with live
 * check-digit feedback: a green tick or the Persian reason as soon as all digits are typed.
 * Each kind is its own field that unregisters when the switch flips, so the strict contract
 * object never carries the other one.
 */
export function CodeField({ control, kind }: { control: Control<RegisterFormValues>; kind: ApplicantKind }) {
  const name = kind === 'citizen' ? 'nationalCode' : 'foreignId';
  // While the clerk is still typing the digits, the count is shown instead of "too short".
  const [focused, setFocused] = useState(false);
  return (
    <Controller
      key={name}
      control={control}
      name={name}
      shouldUnregister
      defaultValue=""
      render={({ field, fieldState }) => {
        const live = liveCheck(kind, field.value);
        const stillTyping = live.state === 'typing' && focused;
        const error =
          live.state === 'bad' ? fieldMessageFa(live.code) : live.state === 'ok' || stillTyping ? undefined : fieldErrorText(fieldState.error);
        let helper: ReactNode = kind === 'foreign' ? t.foreignHelp : ' ';
        if (live.state === 'typing' && !error) helper = t.digitsTyped(live.digits, live.of);
        if (live.state === 'ok') {
          helper = (
            <Box component="span" sx={{ color: 'success.dark' }}>
              {kind === 'citizen' ? t.nationalCodeOk : t.foreignIdOk}
            </Box>
          );
        }
        return (
          <>
            <TextField
              {...field}
              onFocus={() => setFocused(true)}
              onBlur={() => {
                setFocused(false);
                field.onBlur();
              }}
              value={field.value ?? ''}
              label={kind === 'citizen' ? t.nationalCode : t.foreignId}
              required
              fullWidth
              error={!!error}
              helperText={
                <span data-testid="code-check" data-state={error ? 'bad' : live.state}>
                  {error ?? helper}
                </span>
              }
              data-testid="code-field"
              slotProps={{
                htmlInput: { dir: 'ltr', inputMode: 'numeric', autoComplete: 'off', maxLength: 24 },
                input: {
                  endAdornment:
                    live.state === 'ok' ? (
                      <InputAdornment position="end">
                        <CheckCircleIcon color="success" aria-label={t.valid} data-testid="code-ok" />
                      </InputAdornment>
                    ) : undefined,
                },
              }}
            />
            {kind === 'foreign' && live.state === 'ok' && <IdentifierHolder identifier={live.value} />}
          </>
        );
      }}
    />
  );
}

/** REG-4: before registering, the clerk sees whose identifier it is and whether it is still usable. */
function IdentifierHolder({ identifier }: { identifier: string }) {
  const q = useCall('identifiers:get', { identifier });
  if (q.isPending) {
    return (
      <Typography variant="body2" color="text.secondary" sx={{ display: 'flex', gap: 1, alignItems: 'center', mt: 0.5 }}>
        <CircularProgress size={14} /> {t.holderChecking}
      </Typography>
    );
  }
  if (q.error) {
    return (
      <Typography variant="body2" color="error" data-testid="identifier-holder" sx={{ mt: 0.5 }}>
        {q.error.body.message}
      </Typography>
    );
  }
  const d = q.data;
  return (
    <Typography variant="body2" color={d.status === 'issued' ? 'text.primary' : 'error'} data-testid="identifier-holder" sx={{ mt: 0.5 }}>
      {t.holder(`${d.firstNameFa} ${d.lastNameFa}`)} — {t.identifierState[d.status]}
    </Typography>
  );
}
