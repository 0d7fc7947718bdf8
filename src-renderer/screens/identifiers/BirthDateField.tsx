import { Box } from '@mui/material';
import { DatePicker, LocalizationProvider, type PickersLocaleText } from '@mui/x-date-pickers';
import { faIR } from '@mui/x-date-pickers/locales';
import { useState, type FormEvent } from 'react';
import { Controller, type Control } from 'react-hook-form';
import { fa } from '../../i18n/fa';
import { fieldErrorText } from '../../lib/forms';
import { toAsciiDigits } from '../../../shared/text/digits';
import { toIsoDate } from './format';
import { AdapterJalaliPersianDigits } from '../../lib/jalali-adapter';
import type { IssueFormValues } from './issue-form';

const t = fa.identifiers.issue;
const PICKER_TEXT: Partial<PickersLocaleText> = {
  ...faIR.components.MuiLocalizationProvider.defaultProps.localeText,
  fieldYearPlaceholder: () => t.yearPlaceholder,
  fieldMonthPlaceholder: () => t.monthPlaceholder,
  fieldDayPlaceholder: () => t.dayPlaceholder,
};

/**
 * A digit typed on a Persian or Arabic layout reaches the field's section as that character, which
 * MUI X does not take as a number; turned into ASCII before its input handler reads it, it works
 * like a Latin digit (and is shown in Persian by the adapter).
 */
function asciiDigitsInSection(e: FormEvent<HTMLElement>) {
  const el = e.target as HTMLElement;
  if (el.isContentEditable && el.textContent && /[\u06F0-\u06F9\u0660-\u0669]/.test(el.textContent)) {
    el.textContent = toAsciiDigits(el.textContent);
  }
}
const EARLIEST = new Date(1900, 0, 1);
/** date-fns-jalali's short month names are cut mid-word (فرو، ارد): the month view gets full names. */
const MONTH_NAMES_IN_FULL = { monthShort: 'MMMM' };

/**
 * Birth date on the Jalali calendar, with Persian digits and the Persian picker texts (faIR). The contract takes a Gregorian `yyyy-MM-dd`; a half-typed date is sent to the
 * schema as it is, so it fails there with DATE_FORMAT beside the field.
 */
export function BirthDateField({ control }: { control: Control<IssueFormValues> }) {
  // The picker keeps its own Date (also an invalid, half-typed one); the form gets the ISO text.
  const [date, setDate] = useState<Date | null>(null);
  const today = new Date();
  return (
    <LocalizationProvider dateAdapter={AdapterJalaliPersianDigits} localeText={PICKER_TEXT} dateFormats={MONTH_NAMES_IN_FULL}>
      <Box data-testid="birth-date" onInputCapture={asciiDigitsInSection}>
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
            dayOfWeekFormatter={(d) => t.weekdayInitials[d.getDay()]!}
              views={['year', 'month', 'day']}
              inputRef={field.ref}
              slotProps={{
                textField: {
                  name: 'birthDate',
                  required: true,
                  fullWidth: true,
                  onBlur: field.onBlur,
                  error: !!fieldState.error,
                  helperText: fieldState.error ? fieldErrorText(fieldState.error) : t.birthDateHelp,
                },
              }}
            />
          )}
        />
      </Box>
    </LocalizationProvider>
  );
}
