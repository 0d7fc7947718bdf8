import { LocalizationProvider } from '@mui/x-date-pickers';
import { AdapterDateFnsJalali } from '@mui/x-date-pickers/AdapterDateFnsJalali';
import { faIR } from '@mui/x-date-pickers/locales';
import { useEffect, useRef, type ReactNode } from 'react';
import { toAsciiDigits, toPersianDigits } from '../../../shared/text/digits';

/**
 * The Jalali adapter as the branch reads dates: Persian digits in the field and the calendar
 * (date-fns-jalali writes Latin ones). The field learns its digits from the adapter, so Latin,
 * Persian and Arabic digits can all be typed.
 */
export class AdapterPersianJalali extends AdapterDateFnsJalali {
  constructor(options?: ConstructorParameters<typeof AdapterDateFnsJalali>[0]) {
    super(options);
    // The base adapter's methods are instance fields (arrow functions), not prototype methods.
    const formatByString = this.formatByString;
    const parse = this.parse;
    this.formatByString = (value, format) => toPersianDigits(formatByString(value, format));
    this.parse = (value, format) => parse(toAsciiDigits(value), format);
    // The field asks whether year 1 prints as "0001" by looking for a Latin '0'; with Persian
    // digits that fails, so the year token says its length itself, as `y` and `yyy` already do.
    this.formatTokenMap = { ...this.formatTokenMap, yyyy: { sectionType: 'year', contentType: 'digit', maxLength: 4 } };
  }
}

/** The calendar's weekday row: date-fns-jalali's short names (۱ش, ۲ش …) begin with a digit. */
const FORMATS = { weekdayShort: 'EEEEE' };

const NON_LATIN_DIGIT = /[\u06F0-\u06F9\u0660-\u0669]/;

/**
 * Date pickers inside get the Persian-digit adapter, narrow weekday names and Persian labels.
 * The field's own typing only understands Latin digits, so Persian and Arabic ones typed into it
 * are re-typed as Latin digits before it sees them.
 */
export function PersianDates({ children, testId }: { children: ReactNode; testId?: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const onBeforeInput = (e: InputEvent) => {
      if (!e.data || !NON_LATIN_DIGIT.test(e.data)) return;
      e.preventDefault();
      e.stopPropagation();
      // execCommand is the one way to insert text as if typed (it fires the input events again).
      document.execCommand('insertText', false, toAsciiDigits(e.data));
    };
    el.addEventListener('beforeinput', onBeforeInput, true);
    return () => el.removeEventListener('beforeinput', onBeforeInput, true);
  }, []);
  return (
    <LocalizationProvider dateAdapter={AdapterPersianJalali} dateFormats={FORMATS} localeText={faIR.components.MuiLocalizationProvider.defaultProps.localeText}>
      <div ref={box} data-testid={testId}>
        {children}
      </div>
    </LocalizationProvider>
  );
}
