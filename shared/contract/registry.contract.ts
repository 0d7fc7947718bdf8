import { z } from 'zod';
import { channel } from './define';
import { BRANCH_CSV_MAX_CHARS } from './reference.contract';

/**
 * A registry file travels to main in pieces of at most this many characters: the bridge's body
 * limit holds the branch CSV's 200,000 characters at 6 bytes each, so any piece fits it too.
 */
export const REGISTRY_UPLOAD_CHUNK_CHARS = BRANCH_CSV_MAX_CHARS;

export const RegistryStatusSchema = z.strictObject({
  /** The registry version of the branch's copy (0: no copy yet). */
  version: z.number(),
  /** When headquarters published what the copy holds, and when it reached this branch. */
  publishedAt: z.string().nullable(),
  receivedAt: z.string().nullable(),
  source: z.enum(['link', 'file']).nullable(),
  /** Hours since headquarters published it (null: no copy). */
  ageHours: z.number().nullable(),
});

export const RegistryAppliedSchema = z.strictObject({
  version: z.number(),
  previousVersion: z.number(),
  pages: z.number(),
  entries: z.number(),
  publishedAt: z.string().nullable(),
  hasMore: z.boolean(),
});

const UploadId = z.string().regex(/^[0-9a-f-]{36}$/);

/** Issue 9: headquarters' registry down at the branch (REG-5 across branches). */
export const registryContract = {
  /** How old the branch's copy of headquarters' registry is: the ستاد screen, and the register screen when older than a day. */
  'registry:status': channel({ role: 'staff', input: z.strictObject({}), output: RegistryStatusSchema }),
  /** One piece of a registry file (`hq registry-export`) the supervisor chose; the first piece opens an upload. */
  'registry:upload': channel({
    role: 'supervisor',
    input: z.strictObject({ uploadId: UploadId.nullable(), chunk: z.string().min(1).max(REGISTRY_UPLOAD_CHUNK_CHARS) }),
    output: z.strictObject({ uploadId: UploadId, chars: z.number() }),
  }),
  /** Verifies every page of the uploaded file with the pinned headquarters key and applies it: all pages or nothing. */
  'registry:import': channel({
    role: 'supervisor',
    input: z.strictObject({ uploadId: UploadId }),
    output: z.strictObject({ applied: RegistryAppliedSchema, status: RegistryStatusSchema }),
  }),
};
