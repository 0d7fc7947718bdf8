import type { ChangeEvent } from 'react';
import { toAsciiDigits, toPersianDigits } from '../../shared/text/digits';

/**
 * Issue 12 item 4: a numeric field (national code, identifier, mobile, insurance number, …) shows
 * what was typed in Persian digits, while the form keeps ASCII digits — what main receives. Each
 * digit is one character in both scripts, so the caret is put back where the typing left it.
 */
export function digitsFaProps(field: { value: unknown; onChange: (value: string) => void }) {
  const v = field.value;
  return {
    value: toPersianDigits(typeof v === 'string' || typeof v === 'number' ? v : ''),
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      const el = e.target;
      const [start, end] = [el.selectionStart, el.selectionEnd];
      field.onChange(toAsciiDigits(el.value));
      // React writes the Persian value back after this handler, which moves the caret to the end.
      requestAnimationFrame(() => {
        if (document.activeElement === el && start !== null) el.setSelectionRange(start, end);
      });
    },
  };
}
