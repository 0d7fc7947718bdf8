import { AdapterDateFnsJalali } from '@mui/x-date-pickers/AdapterDateFnsJalali';
import { toAsciiDigits, toPersianDigits } from '../../shared/text/digits';

/**
 * The Jalali adapter with Persian digits on screen. date-fns-jalali formats with Latin digits, and
 * MUI X takes a field's digits from the adapter's formatting, so formatting is wrapped to give
 * Persian digits (fields and calendar alike) and parsing accepts them back. MUI X supports
 * localised digits this way (it learns them by formatting 0–9).
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
    // Persian digits it then wants the year's length stated.
    this.formatTokenMap = { ...this.formatTokenMap, yyyy: { sectionType: 'year', contentType: 'digit', maxLength: 4 } };
  }
}
