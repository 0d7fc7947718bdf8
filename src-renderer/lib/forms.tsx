import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, CircularProgress, TextField, type TextFieldProps } from '@mui/material';
import { useState, type KeyboardEvent, type ReactNode } from 'react';
import {
  Controller,
  useForm,
  type Control,
  type DefaultValues,
  type FieldError,
  type FieldValues,
  type Path,
  type Resolver,
  type UseFormSetError,
} from 'react-hook-form';
import type { z } from 'zod';
import type { ErrorBody } from '../../shared/envelope';
import { duration } from './format';
import { fa, fieldMessageFa } from '../i18n/fa';

/** react-hook-form validated by the same zod schema main uses, so field errors match. */
export function useZodForm<S extends z.ZodType<FieldValues, FieldValues>>(schema: S, defaultValues: DefaultValues<z.input<S>>) {
  return useForm<z.input<S>, unknown, z.output<S>>({
    resolver: zodResolver(schema as never) as unknown as Resolver<z.input<S>, unknown, z.output<S>>,
    defaultValues,
    mode: 'onTouched',
  });
}

/** A field error's Persian text: our schemas put a stable code in the message. */
export function fieldErrorText(e: FieldError | undefined): string | undefined {
  if (!e) return undefined;
  const code = e.message && /^[A-Z][A-Z0-9_]+$/.test(e.message) ? e.message : String(e.type ?? 'INVALID_FORMAT').toUpperCase();
  return fieldMessageFa(code);
}

/** Puts main's field-level `VALIDATION` issues beside their fields. */
export function applyServerIssues<T extends FieldValues>(setError: UseFormSetError<T>, error: ErrorBody): boolean {
  if (!error.issues?.length) return false;
  for (const i of error.issues) setError(i.path.join('.') as Path<T>, { type: 'server', message: i.code });
  return true;
}

type FormTextProps<T extends FieldValues> = Omit<TextFieldProps, 'name'> & { control: Control<T>; name: Path<T> };

export function FormText<T extends FieldValues>({ control, name, ...rest }: FormTextProps<T>) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <TextField
          {...rest}
          {...field}
          value={field.value ?? ''}
          error={!!fieldState.error}
          helperText={fieldErrorText(fieldState.error) ?? rest.helperText}
          fullWidth={rest.fullWidth ?? true}
          slotProps={{ ...rest.slotProps, htmlInput: { autoComplete: 'off', ...(rest.slotProps?.htmlInput as object) } }}
        />
      )}
    />
  );
}

/**
 * LOG-3: passwords are case-sensitive and English-only, so the field warns while Caps Lock is on
 * or a Persian layout is typing.
 */
export function PasswordText<T extends FieldValues>(props: FormTextProps<T>) {
  const [caps, setCaps] = useState(false);
  const [persian, setPersian] = useState(false);
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    setCaps(e.getModifierState?.('CapsLock') ?? false);
    if (e.key.length === 1) setPersian(/[\u0600-\u06FF]/.test(e.key) && !/[\u06F0-\u06F9]/.test(e.key));
  };
  const warning = persian ? fa.persianLayout : caps ? fa.capsLockOn : undefined;
  return (
    <>
      <FormText {...props} type="password" onKeyDown={onKey} onKeyUp={onKey} slotProps={{ htmlInput: { autoComplete: 'new-password', dir: 'ltr' } }} />
      {warning && (
        <Alert severity="warning" data-testid="keyboard-warning" sx={{ mt: 0.5 }}>
          {warning}
        </Alert>
      )}
    </>
  );
}

export function SubmitButton({ loading, children, ...rest }: { loading: boolean; children: ReactNode; disabled?: boolean; fullWidth?: boolean }) {
  return (
    <Button type="submit" variant="contained" disabled={loading || rest.disabled} fullWidth={rest.fullWidth} startIcon={loading ? <CircularProgress size={18} color="inherit" /> : undefined}>
      {children}
    </Button>
  );
}

/** A refusal as the person at the counter reads it, with the wait when there is one. */
export function ErrorAlert({ error }: { error: ErrorBody | null | undefined }) {
  if (!error) return null;
  const wait = error.details?.retryAfterSeconds;
  return (
    <Alert severity="error" data-testid="error-alert" data-code={error.code} sx={{ my: 1 }}>
      {error.message}
      {typeof wait === 'number' && ` ${fa.secondsToWait(duration(wait))}`}
    </Alert>
  );
}
