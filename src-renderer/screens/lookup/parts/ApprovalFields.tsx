import { Alert, Stack } from '@mui/material';
import type { Control, FieldValues, Path } from 'react-hook-form';
import { fa } from '../../../i18n/fa';
import { FormText, PasswordText } from '../../../lib/forms';

const t = fa.lookup.approval;

/** A supervisor's username and password typed into the clerk's dialog (`approval` in the input). */
export function ApprovalFields<T extends FieldValues>({ control, text = t.needed, autoFocus = false }: { control: Control<T>; text?: string; autoFocus?: boolean }) {
  return (
    <Stack spacing={1.5} data-testid="approval-fields">
      <Alert severity="warning">{text}</Alert>
      <FormText
        control={control}
        name={'approval.username' as Path<T>}
        label={t.username}
        autoFocus={autoFocus}
        slotProps={{ htmlInput: { dir: 'ltr', autoComplete: 'off', 'data-testid': 'approval-username' } }}
      />
      <PasswordText control={control} name={'approval.password' as Path<T>} label={t.password} data-testid="approval-password" />
    </Stack>
  );
}
