import { expect } from 'vitest';
import type { z } from 'zod';

/** The single failure code of a shared schema (its zod message), or null when the input parses. */
export function codeOf(schema: z.ZodType, input: unknown): string | null {
  const r = schema.safeParse(input);
  if (r.success) return null;
  expect(r.error.issues).toHaveLength(1);
  return r.error.issues[0]!.message;
}
