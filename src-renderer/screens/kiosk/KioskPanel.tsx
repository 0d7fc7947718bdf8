import { Paper, Typography } from '@mui/material';
import type { FormEventHandler, MouseEvent, ReactNode } from 'react';
import type { Control, FieldValues, Path } from 'react-hook-form';
import { FormText } from '../../lib/forms';

/**
 * One kiosk step on a card. Forms turn the browser's autofill off (the next person must not see
 * the last one's entries); each input also says so itself.
 */
export function KioskPanel({ title, testId, onSubmit, children }: { title: string; testId: string; onSubmit?: FormEventHandler<HTMLFormElement>; children: ReactNode }) {
  const heading = (
    <Typography variant="h5" component="h2" gutterBottom>
      {title}
    </Typography>
  );
  if (!onSubmit) {
    return (
      <Paper sx={{ p: { xs: 2, sm: 4 } }} data-testid={testId}>
        {heading}
        {children}
      </Paper>
    );
  }
  return (
    <Paper component="form" onSubmit={onSubmit} noValidate autoComplete="off" sx={{ p: { xs: 2, sm: 4 } }} data-testid={testId}>
      {heading}
      {children}
    </Paper>
  );
}

/**
 * For buttons that leave a form: pressing one must not first blur the field (which would validate
 * it, show an error and move the button away from under the pointer before the click lands).
 */
export function keepFocus(e: MouseEvent): void {
  e.preventDefault();
}

/** LOG-1: the citizen's username (national code or identifier), typed first: digits, left to right, never autofilled. */
export function KioskUsernameField<T extends FieldValues, O = T>({
  control,
  name,
  label,
  helperText,
  testId,
}: {
  control: Control<T, unknown, O>;
  name: Path<T>;
  label: string;
  helperText: string;
  testId: string;
}) {
  return (
    <FormText
      control={control}
      name={name}
      label={label}
      helperText={helperText}
      autoFocus
      digitsFa
      data-testid={testId}
      slotProps={{ htmlInput: { dir: 'ltr', inputMode: 'numeric', autoComplete: 'off', spellCheck: false } }}
    />
  );
}
