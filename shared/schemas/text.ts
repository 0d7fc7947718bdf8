import { z } from 'zod';
import { hasForbiddenTextChars, TEXT_CONTROL_CHARS } from '../text/control-chars';

/**
 * Free text as typed, checked against the one text rule (`shared/text/control-chars.ts`) before
 * anything else: a refusal is one issue `TEXT_CONTROL_CHARS` (VALIDATION at the router), and
 * the later checks (trim, length) do not run on such text. Chain further string checks on it.
 */
export function plainText() {
  return z.string().refine((s) => !hasForbiddenTextChars(s), { message: TEXT_CONTROL_CHARS, abort: true });
}

/**
 * As `plainText`, with the spaces and line breaks around the value dropped first: for a value
 * pasted from elsewhere (a key, an address), which often brings its line's end with it. A line
 * break inside the value is still refused.
 */
export function pastedText() {
  return z
    .string()
    .trim()
    .refine((s) => !hasForbiddenTextChars(s), { message: TEXT_CONTROL_CHARS, abort: true });
}

/** As `plainText`, for fields that may hold several lines (terms text, a CSV file): LF and CRLF allowed. */
export function multilineText() {
  return z.string().refine((s) => !hasForbiddenTextChars(s, true), { message: TEXT_CONTROL_CHARS, abort: true });
}
