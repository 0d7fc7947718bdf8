import { LocalizationProvider, type PickersLocaleText } from '@mui/x-date-pickers';
import { AdapterDateFnsJalali } from '@mui/x-date-pickers/AdapterDateFnsJalali';
import { faIR } from '@mui/x-date-pickers/locales';
import { pickersSectionListClasses } from '@mui/x-date-pickers/PickersSectionList';
import { useEffect, type ReactNode } from 'react';
import { toAsciiDigits, toPersianDigits } from '../../shared/text/digits';
import { fa } from '../i18n/fa';

/**
 * The Jalali adapter with Persian digits on screen. date-fns-jalali formats with Latin digits, and
 * MUI X takes a field's digits from the adapter's formatting, so formatting is wrapped to give
 * Persian digits (fields and calendar alike) and parsing accepts them back.
 */
export class AdapterJalaliPersianDigits extends AdapterDateFnsJalali {
  constructor(...args: ConstructorParameters<typeof AdapterDateFnsJalali>) {
    super(...args);
    // The base class defines these as instance fields, so they are wrapped here, not overridden.
    const formatByString = this.formatByString;
    const parse = this.parse;
    this.formatByString = (value, format) => toPersianDigits(formatByString(value, format));
    this.parse = (value, format) => parse(toAsciiDigits(value), format);
    // MUI X detects a zero-padded year by formatting year 1 and looking for a Latin '0'; with
    // Persian digits it then wants the year's length stated (as `y` and `yyy` already do).
    this.formatTokenMap = { ...this.formatTokenMap, yyyy: { sectionType: 'year', contentType: 'digit', maxLength: 4 } };
  }
}

/**
 * Calendar texts as the branch reads them. The weekday row takes the first character of
 * `weekdayShort`; date-fns-jalali's default there is «۱ش», a digit, so the narrow form (ی د س …)
 * is used. Its short month names are cut mid-word (فرو، ارد), so the month view gets full names.
 */
const DATE_FORMATS = { weekdayShort: 'EEEEE', monthShort: 'MMMM' } as const;

const LOCALE_TEXT: Partial<PickersLocaleText> = {
  ...faIR.components.MuiLocalizationProvider.defaultProps.localeText,
  fieldYearPlaceholder: () => fa.dates.yearPlaceholder,
  fieldMonthPlaceholder: () => fa.dates.monthPlaceholder,
  fieldDayPlaceholder: () => fa.dates.dayPlaceholder,
};

const NON_LATIN_DIGIT = /[\u06F0-\u06F9\u0660-\u0669]/;

/**
 * A digit typed on a Persian or Arabic layout lands in the field's section as that character,
 * which MUI X's typing does not take for a number (it maps only the adapter's own digits, and
 * those only one way). Turned into ASCII before the section's own input handler reads it, it works
 * like a Latin digit and is shown in Persian by the adapter. This runs in the capture phase on the
 * document, ahead of React's listener on the root, so it covers every picker in the app.
 */
function asciiDigitsInPickerSection(e: Event): void {
  const el = e.target;
  if (!(el instanceof HTMLElement) || !el.isContentEditable || !el.closest(`.${pickersSectionListClasses.root}`)) return;
  if (el.textContent && NON_LATIN_DIGIT.test(el.textContent)) el.textContent = toAsciiDigits(el.textContent);
}

/** The app's one date setup: every picker inside gets the Jalali calendar as described above. */
export function JalaliProvider({ children }: { children: ReactNode }) {
  useEffect(() => {
    document.addEventListener('input', asciiDigitsInPickerSection, true);
    return () => document.removeEventListener('input', asciiDigitsInPickerSection, true);
  }, []);
  return (
    <LocalizationProvider dateAdapter={AdapterJalaliPersianDigits} dateFormats={DATE_FORMATS} localeText={LOCALE_TEXT}>
      {children}
    </LocalizationProvider>
  );
}
