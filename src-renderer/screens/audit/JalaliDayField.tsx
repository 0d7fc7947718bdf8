import { Box } from '@mui/material';
import { DatePicker, LocalizationProvider, type PickersLocaleText } from '@mui/x-date-pickers';
import { faIR } from '@mui/x-date-pickers/locales';
import { format } from 'date-fns-jalali';
import { faIR as jalaliLocale } from 'date-fns-jalali/locale';
import type { FormEvent } from 'react';
import { toAsciiDigits } from '../../../shared/text/digits';
import { fa } from '../../i18n/fa';
// The Persian-digit Jalali adapter the identifiers screen introduced; one adapter for the app.
import { AdapterJalaliPersianDigits } from '../../lib/jalali-adapter';

const t = fa.audit.filters;
const PICKER_TEXT: Partial<PickersLocaleText> = {
  ...faIR.components.MuiLocalizationProvider.defaultProps.localeText,
  fieldYearPlaceholder: () => t.yearPlaceholder,
  fieldMonthPlaceholder: () => t.monthPlaceholder,
  fieldDayPlaceholder: () => t.dayPlaceholder,
};

/** Weekday headers as one Persian letter (the default takes the first character of «۴ش»: a digit). */
const weekdayLetter = (d: Date) => format(d, 'EEEEE', { locale: jalaliLocale });

/** A digit typed on a Persian or Arabic layout becomes ASCII before the field's section reads it. */
function asciiDigitsInSection(e: FormEvent<HTMLElement>) {
  const el = e.target as HTMLElement;
  if (el.isContentEditable && el.textContent && /[\u06F0-\u06F9\u0660-\u0669]/.test(el.textContent)) el.textContent = toAsciiDigits(el.textContent);
}

/** One Jalali day (typed or picked), Persian digits on screen. */
export function JalaliDayField({ label, value, onChange, testId }: { label: string; value: Date | null; onChange: (d: Date | null) => void; testId: string }) {
  return (
    <LocalizationProvider dateAdapter={AdapterJalaliPersianDigits} adapterLocale={jalaliLocale} localeText={PICKER_TEXT}>
      <Box onInputCapture={asciiDigitsInSection} data-testid={testId} sx={{ width: 210 }}>
        <DatePicker label={label} value={value} onChange={onChange} dayOfWeekFormatter={weekdayLetter} slotProps={{ field: { clearable: true }, textField: { fullWidth: true } }} />
      </Box>
    </LocalizationProvider>
  );
}
