import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import { Box, CircularProgress, InputAdornment, TextField, Typography } from '@mui/material';
import { useState, type ReactNode } from 'react';
import { Controller, type Control, type ControllerFieldState, type ControllerRenderProps } from 'react-hook-form';
import { fa, fieldMessageFa } from '../../i18n/fa';
import { jalaliDate } from '../../lib/format';
import { digitsFaProps } from '../../lib/digits-input';
import { blurWhenChanged, fieldErrorText, inputBinding } from '../../lib/forms';
import type { ApplicantKind } from './live-check';
import type { RegisterFormValues } from './register-form';
import { useCodeVerdict, type CodeVerdict, type HolderQuery } from './use-code-verdict';

const t = fa.register.identity;

/**
 * The national code (citizen) or the foreign-national identifier (REG-3, REG-7), with live
 * feedback: the digits so far, the check-digit verdict, then — as soon as the code is valid —
 * whether it is already registered (REG-5) and, for an identifier, whose it is (REG-4).
 * Each kind is its own field that unregisters when the switch flips, so the strict contract
 * object never carries the other one.
 */
export function CodeField({ control, kind }: { control: Control<RegisterFormValues>; kind: ApplicantKind }) {
  const name = kind === 'citizen' ? 'nationalCode' : 'foreignId';
  return (
    <Controller
      key={name}
      control={control}
      name={name}
      shouldUnregister
      defaultValue=""
      render={({ field, fieldState }) => <CodeInput kind={kind} field={field} fieldState={fieldState} />}
    />
  );
}

/** The field's message: a refusal, or help; `null` error when nothing is wrong (yet). */
function message(kind: ApplicantKind, v: CodeVerdict, stillTyping: boolean, formError: string | undefined): { error: string | null; help: ReactNode } {
  switch (v.state) {
    case 'bad':
      return { error: fieldMessageFa(v.code), help: null };
    case 'duplicate':
      return { error: (v.elsewhere ? t.elsewhere : t.duplicate)(jalaliDate(v.registeredAt), v.branchName), help: null };
    case 'unusable':
      return { error: t.unusable, help: null };
    case 'checking':
      return { error: null, help: t.checking };
    case 'ok':
      return {
        error: null,
        help: (
          <Box component="span" sx={{ color: 'success.dark' }}>
            {kind === 'citizen' ? t.nationalCodeOk : t.foreignIdOk}
          </Box>
        ),
      };
    case 'typing':
      return { error: stillTyping ? null : (formError ?? null), help: t.digitsTyped(v.digits, v.of) };
    case 'empty':
      return { error: formError ?? null, help: kind === 'foreign' ? t.foreignHelp : ' ' };
  }
}

function CodeInput({
  kind,
  field,
  fieldState,
}: {
  kind: ApplicantKind;
  field: ControllerRenderProps<RegisterFormValues, 'nationalCode' | 'foreignId'>;
  fieldState: ControllerFieldState;
}) {
  // While the clerk is still typing the digits, the count is shown instead of "too short".
  const [focused, setFocused] = useState(false);
  const { verdict, holder } = useCodeVerdict(kind, field.value);
  const { error, help } = message(kind, verdict, verdict.state === 'typing' && focused, fieldErrorText(fieldState.error));
  const onBlur = blurWhenChanged(field, fieldState);
  return (
    <>
      <TextField
        {...inputBinding(field)}
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false);
          onBlur();
        }}
        {...digitsFaProps(field)}
        label={kind === 'citizen' ? t.nationalCode : t.foreignId}
        required
        fullWidth
        error={error !== null}
        helperText={
          <span
            data-testid="code-check"
            data-state={error === null ? verdict.state : verdict.state === 'duplicate' ? 'duplicate' : 'bad'}
            data-where={verdict.state === 'duplicate' ? (verdict.elsewhere ? 'elsewhere' : 'here') : undefined}
          >
            {error ?? help}
          </span>
        }
        data-testid="code-field"
        slotProps={{
          htmlInput: { dir: 'ltr', inputMode: 'numeric', autoComplete: 'off', maxLength: 24 },
          input: {
            endAdornment:
              verdict.state === 'ok' ? (
                <InputAdornment position="end">
                  <CheckCircleIcon color="success" aria-label={t.valid} data-testid="code-ok" />
                </InputAdornment>
              ) : undefined,
          },
        }}
      />
      {holder && <IdentifierHolder q={holder} />}
    </>
  );
}

/** REG-4: before registering, the clerk sees whose identifier it is and whether it is still usable. */
function IdentifierHolder({ q }: { q: HolderQuery }) {
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
