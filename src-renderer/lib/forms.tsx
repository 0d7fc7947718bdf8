import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, CircularProgress, MenuItem, TextField, type TextFieldProps } from '@mui/material';
import { useEffect, useRef, useState, type BaseSyntheticEvent, type KeyboardEvent, type ReactNode } from 'react';
import {
  Controller,
  get,
  useForm,
  type Control,
  type DefaultValues,
  type FieldError,
  type FieldValues,
  type Path,
  type Resolver,
  type SubmitHandler,
  type UseFormReturn,
  type UseFormSetError,
} from 'react-hook-form';
import { z } from 'zod';
import type { ErrorBody } from '../../shared/envelope';
import { toAsciiDigits } from '../../shared/text/digits';
import { digitsFaProps } from './digits-input';
import { duration, fa as digitsFa } from './format';
import { fa, fieldMessageFa } from '../i18n/fa';

/** Whether a field was left empty: nothing chosen, or nothing but spaces typed. */
function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/**
 * Issue 12 item 11: a required field left empty says "required", whatever the schema's own code
 * for a wrong value is (a blank date is not "not a valid date", a blank choice not "wrong value").
 */
function emptyIsRequired<V extends FieldValues, O>(inner: Resolver<V, unknown, O>): Resolver<V, unknown, O> {
  return async (values, context, options) => {
    const result = await inner(values, context, options);
    const visit = (errors: Record<string, unknown>, path: string[]) => {
      for (const [key, e] of Object.entries(errors)) {
        if (!e || typeof e !== 'object' || key === 'ref') continue;
        const at = [...path, key];
        const leaf = e as FieldError;
        if (typeof leaf.message === 'string' && 'type' in leaf) {
          if (isEmpty(get(values, at.join('.')))) leaf.message = 'REQUIRED';
        } else visit(e as Record<string, unknown>, at);
      }
    };
    visit(result.errors as Record<string, unknown>, []);
    return result;
  };
}

function zodFormResolver<V extends FieldValues, O>(schema: unknown): Resolver<V, unknown, O> {
  return emptyIsRequired(zodResolver(schema as never) as unknown as Resolver<V, unknown, O>);
}

/** react-hook-form validated by the same zod schema main uses, so field errors match. */
export function useZodForm<S extends z.ZodType<FieldValues, FieldValues>>(schema: S, defaultValues: DefaultValues<z.input<S>>) {
  return useForm<z.input<S>, unknown, z.output<S>>({
    resolver: zodFormResolver<z.input<S>, z.output<S>>(schema),
    defaultValues,
    mode: 'onTouched',
  });
}

/**
 * The same for a form whose field values are typed by hand rather than inferred from the schema
 * (a union picked by one field, numbers edited as text); the schema is still main's.
 */
export function useZodFormAs<V extends FieldValues, O>(schema: z.ZodType<O>, defaultValues: DefaultValues<V>) {
  return useForm<V, unknown, O>({
    resolver: zodFormResolver<V, O>(schema),
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

/**
 * A form's submit that first clears the action's last refusal from main: a new problem found
 * before sending (a field error) never stands beside an old answer that no longer applies.
 */
export function submitFresh<V extends FieldValues, O>(form: UseFormReturn<V, unknown, O>, action: { reset: () => void }, onValid: SubmitHandler<O>) {
  const handle = form.handleSubmit(onValid);
  return (e?: BaseSyntheticEvent) => {
    action.reset();
    return handle(e);
  };
}

/**
 * Issue 12 item 2: leaving a field counts as touching it only once its value changed, so an
 * autofocused field that loses focus, or one tabbed past, shows no error until the form is
 * submitted; a field typed into is checked when left, and again on each change after that.
 */
export function blurWhenChanged(field: { onBlur: () => void }, state: { isDirty: boolean }): () => void {
  return () => {
    if (state.isDirty) field.onBlur();
  };
}

/** Puts main's field-level `VALIDATION` issues beside their fields. */
export function applyServerIssues<T extends FieldValues>(setError: UseFormSetError<T>, error: ErrorBody): boolean {
  if (!error.issues?.length) return false;
  for (const i of error.issues) setError(i.path.join('.') as Path<T>, { type: 'server', message: i.code });
  return true;
}

/** `O` is what the form's schema makes of the values (numbers typed as text come out as numbers). */
type FormTextProps<T extends FieldValues, O = T> = Omit<TextFieldProps, 'name'> & {
  control: Control<T, unknown, O>;
  name: Path<T>;
  /** A numeric field: shown in Persian digits, kept in ASCII digits (digitsFaProps). */
  digitsFa?: boolean;
};

/**
 * A text field bound to the form. The helper line is always there (a blank one when there is no
 * help), so an error appearing on blur does not push the fields below away from the pointer.
 */
/**
 * A required choice from a fixed list: an empty choice reads «this field is required», any other
 * error gets its field text, otherwise the help line is shown.
 */
export function FormSelect<T extends FieldValues, O = T>({
  control,
  name,
  label,
  options,
  helperText = ' ',
  testId,
}: {
  control: Control<T, unknown, O>;
  name: Path<T>;
  label: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  helperText?: string;
  testId?: string;
}) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <TextField
          {...inputBinding(field)}
          onBlur={blurWhenChanged(field, fieldState)}
          value={field.value ?? ''}
          select
          fullWidth
          required
          label={label}
          data-testid={testId}
          error={!!fieldState.error}
          helperText={
            fieldState.error ? (field.value === undefined || field.value === '' ? fieldMessageFa('REQUIRED') : fieldErrorText(fieldState.error)) : helperText
          }
        >
          {options.map((o) => (
            <MenuItem key={o.value} value={o.value}>
              {o.label}
            </MenuItem>
          ))}
        </TextField>
      )}
    />
  );
}

export function FormText<T extends FieldValues, O = T>({ control, name, digitsFa: persian, ...rest }: FormTextProps<T, O>) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <TextField
          {...rest}
          {...inputBinding(field)}
          onBlur={blurWhenChanged(field, fieldState)}
          {...(persian ? digitsFaProps(field) : { value: field.value ?? '' })}
          error={!!fieldState.error}
          helperText={fieldErrorText(fieldState.error) ?? rest.helperText ?? ' '}
          fullWidth={rest.fullWidth ?? true}
          slotProps={{ ...rest.slotProps, htmlInput: { autoComplete: 'off', ...(rest.slotProps?.htmlInput as object) } }}
        />
      )}
    />
  );
}

/**
 * A Controller's field bound to an MUI TextField with its ref on the <input>, not on the wrapper
 * <div>: react-hook-form focuses the first invalid field through that ref on submit, and a div's
 * focus() does nothing (focus stayed where Enter was pressed: outside probe 2026-12-07).
 */
export function inputBinding<F extends { ref: unknown }>(field: F): Omit<F, 'ref'> & { inputRef: F['ref'] } {
  const { ref, ...rest } = field;
  return { ...rest, inputRef: ref };
}

/** A number typed in a text field (Persian, Arabic or Latin digits); blank is missing, so the schema's own limits speak. */
export function typedNumber<S extends z.ZodType>(schema: S) {
  return z.preprocess((v) => {
    if (typeof v !== 'string') return v;
    const s = toAsciiDigits(v).trim();
    return s === '' ? undefined : Number(s);
  }, schema);
}

/** A whole number within a contract schema's limits, which the helper line states. */
export function FormNumber<T extends FieldValues, O = T>({
  control,
  name,
  label,
  limits,
  help,
  testId,
}: {
  control: Control<T, unknown, O>;
  name: Path<T>;
  label: string;
  limits: z.ZodNumber;
  help?: string;
  testId?: string;
}) {
  const min = digitsFa(limits.minValue ?? 0);
  const max = digitsFa(limits.maxValue ?? 0);
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <TextField
          {...inputBinding(field)}
          onBlur={blurWhenChanged(field, fieldState)}
          {...digitsFaProps(field)}
          label={label}
          error={!!fieldState.error}
          helperText={fieldState.error ? fa.numberRangeError(min, max) : help ? fa.numberRangeWithHelp(help, min, max) : fa.numberRange(min, max)}
          slotProps={{ htmlInput: { inputMode: 'numeric', autoComplete: 'off', 'data-testid': testId } }}
          fullWidth
        />
      )}
    />
  );
}

/** Letters of the Arabic script (Persian included); its digits and punctuation say nothing about the layout. */
const ARABIC_SCRIPT_LETTER = /^(?=\p{Script=Arabic})\p{L}$/u;
const LATIN_LETTER = /^(?=\p{Script=Latin})\p{L}$/u;

/**
 * LOG-3: passwords are case-sensitive and English-only, so the field warns while Caps Lock is on
 * or a Persian layout is typing. Only a letter tells the layout: a Persian or Arabic-Indic digit
 * (which main reads as ASCII) or a symbol leaves the warning as it was.
 */
export function PasswordText<T extends FieldValues, O = T>({ onKeyDown, onKeyUp, slotProps, ...props }: FormTextProps<T, O>) {
  const [caps, setCaps] = useState(false);
  const [persian, setPersian] = useState(false);
  const watchKey = (e: KeyboardEvent<HTMLDivElement>) => {
    setCaps(e.getModifierState?.('CapsLock') ?? false);
    if (ARABIC_SCRIPT_LETTER.test(e.key)) setPersian(true);
    else if (LATIN_LETTER.test(e.key)) setPersian(false);
  };
  const warning = persian ? fa.persianLayout : caps ? fa.capsLockOn : undefined;
  return (
    <>
      <FormText
        {...props}
        type="password"
        onKeyDown={(e) => {
          watchKey(e);
          onKeyDown?.(e);
        }}
        onKeyUp={(e) => {
          watchKey(e);
          onKeyUp?.(e);
        }}
        slotProps={{ ...slotProps, htmlInput: { autoComplete: 'new-password', dir: 'ltr', ...(slotProps?.htmlInput as object) } }}
      />
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

/**
 * A refusal as the person at the counter reads it, with the wait when there is one. Brought into
 * view when it appears: below a long form (the kiosk's password change at 1024×768) it was drawn
 * under the window's edge and the citizen saw nothing happen (outside probe 2026-12-07).
 */
export function ErrorAlert({ error }: { error: ErrorBody | null | undefined }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [error]);
  if (!error) return null;
  const wait = error.details?.retryAfterSeconds;
  return (
    <Alert ref={ref} severity="error" data-testid="error-alert" data-code={error.code} sx={{ my: 1 }}>
      {error.message}
      {typeof wait === 'number' && ` ${fa.secondsToWait(duration(wait))}`}
    </Alert>
  );
}
