import { Box } from '@mui/material';
import { DatePicker } from '@mui/x-date-pickers';
import { useState } from 'react';
import { Controller, type Control } from 'react-hook-form';
import { fa } from '../../i18n/fa';
import { blurWhenChanged, fieldErrorText } from '../../lib/forms';
import { toIsoDate } from './format';
import type { IssueFormValues } from './issue-form';

const t = fa.identifiers.issue;
const EARLIEST = new Date(1900, 0, 1);

/**
 * Birth date on the Jalali calendar (the app's setup in lib/jalali). The contract takes a Gregorian
 * `yyyy-MM-dd`; a half-typed date is sent to the schema as it is, so it fails there with
 * DATE_FORMAT beside the field.
 */
export function BirthDateField({ control }: { control: Control<IssueFormValues> }) {
  // The picker keeps its own Date (also an invalid, half-typed one); the form gets the ISO text.
  const [date, setDate] = useState<Date | null>(null);
  const today = new Date();
  return (
    <Box data-testid="birth-date">
      <Controller
        control={control}
        name="birthDate"
        render={({ field, fieldState }) => (
          <DatePicker
            label={t.birthDate}
            value={date}
            onChange={(d) => {
              setDate(d);
              field.onChange(d === null ? '' : Number.isNaN(d.getTime()) ? 'invalid' : toIsoDate(d));
            }}
            minDate={EARLIEST}
            maxDate={today}
            disableFuture
            openTo="year"
            views={['year', 'month', 'day']}
            inputRef={field.ref}
            slotProps={{
              textField: {
                name: 'birthDate',
                required: true,
                fullWidth: true,
                onBlur: blurWhenChanged(field, fieldState),
                error: !!fieldState.error,
                helperText: fieldState.error ? fieldErrorText(fieldState.error) : t.birthDateHelp,
              },
            }}
          />
        )}
      />
    </Box>
  );
}
