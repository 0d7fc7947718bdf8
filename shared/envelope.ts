import { z } from 'zod';
import type { ErrorCode } from './errors';

/** One field-level problem, as the renderer shows it beside the field. */
export const IssueSchema = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  code: z.string(),
  message: z.string(),
});
export type Issue = z.infer<typeof IssueSchema>;

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  issues?: Issue[];
  /** Extra, non-secret facts for the message (e.g. seconds to wait). */
  details?: Record<string, string | number | boolean>;
}

/** Every call answers with this envelope; errors cross the boundary as data, never as throws. */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export function ok<T>(data: T): Envelope<T> {
  return { ok: true, data };
}
