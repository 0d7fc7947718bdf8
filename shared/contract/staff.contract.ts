import { z } from 'zod';
import { plainText } from '../schemas/text';
import { PasswordInputSchema, StaffUsernameSchema, PersonNameSchema, StationNumberSchema } from '../schemas/fields';
import { IdSchema, OkSchema } from './common';
import { channel } from './define';

export const StaffRoleSchema = z.enum(['clerk', 'supervisor']);

export const StaffMeSchema = z.strictObject({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: StaffRoleSchema,
  mustChangePassword: z.boolean(),
  locked: z.boolean(),
});

export const StaffSummarySchema = z.strictObject({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: StaffRoleSchema,
  mustChangePassword: z.boolean(),
  disabled: z.boolean(),
  locked: z.boolean(),
  createdAt: z.string(),
});

const BranchSchema = z.strictObject({ id: z.number(), code: z.string(), name: z.string(), province: z.string().nullable(), isSample: z.boolean() });

/**
 * `done`: the database is set up. `station`: this machine's own station — `ready`; `none` (never
 * had one); `retired` (retired by a supervisor); `unknown` (its sealed station is not in this
 * database). A set-up database without a ready station asks to add this counter (join), with
 * the lowest number the branch never used as `freeStation`.
 */
export const SetupStateSchema = z.strictObject({
  done: z.boolean(),
  branch: BranchSchema.nullable(),
  stationNumber: z.number().nullable(),
  station: z.enum(['ready', 'none', 'retired', 'unknown']),
  freeStation: z.number().nullable(),
});

export const staffContract = {
  /** First run: is the installation set up, and where. */
  'setup:state': channel({ role: 'public', only: 'staff', input: z.strictObject({}), output: SetupStateSchema }),
  /** First run: branch, this machine's station number (never reused), the first supervisor. */
  'setup:run': channel({
    role: 'public',
    only: 'staff',
    input: z.strictObject({
      branchId: IdSchema,
      stationNumber: StationNumberSchema,
      username: StaffUsernameSchema,
      displayName: PersonNameSchema,
      password: PasswordInputSchema,
      passwordRepeat: PasswordInputSchema,
    }),
    output: z.strictObject({ recoveryCode: z.string() }),
  }),
  /**
   * "Add this counter" on a database already set up (a shared PostgreSQL): a supervisor's
   * password (login rules and lockout) and a number the branch never used; the station is
   * recorded in the database and sealed on this machine.
   */
  'setup:join': channel({
    role: 'public',
    only: 'staff',
    input: z.strictObject({ username: z.string().trim().min(1).max(64), password: PasswordInputSchema, stationNumber: StationNumberSchema }),
    output: z.strictObject({ branch: BranchSchema, stationNumber: z.number() }),
  }),
  /** Staff login (argon2id, lockout per typed username). */
  'staff:login': channel({
    role: 'public',
    only: 'staff',
    input: z.strictObject({ username: plainText().trim().min(1).max(64), password: PasswordInputSchema }),
    output: StaffMeSchema,
  }),
  'staff:logout': channel({ role: 'public', only: 'staff', input: z.strictObject({}), output: OkSchema }),
  /** Who is logged in on this session (null when nobody). */
  'staff:me': channel({ role: 'public', only: 'staff', input: z.strictObject({}), output: StaffMeSchema.nullable() }),
  /** Lifts the idle lock with the same person's password. */
  'staff:unlock-session': channel({
    role: 'staff',
    allowWhileRestricted: true,
    input: z.strictObject({ password: PasswordInputSchema }),
    output: StaffMeSchema,
  }),
  /** A staff member changes their own password (forced after a supervisor's reset). */
  'staff:change-password': channel({
    role: 'staff',
    allowWhileRestricted: true,
    input: z.strictObject({ current: PasswordInputSchema, next: PasswordInputSchema, repeat: PasswordInputSchema }),
    output: StaffMeSchema,
  }),
  'staff:list': channel({ role: 'supervisor', input: z.strictObject({}), output: z.array(StaffSummarySchema) }),
  /**
   * A supervisor adds staff with a temporary password they type and hand over (the renderer never
   * sees a generated password); it must be changed at the first login.
   */
  'staff:create': channel({
    role: 'supervisor',
    input: z.strictObject({
      username: StaffUsernameSchema,
      displayName: PersonNameSchema,
      role: StaffRoleSchema,
      temporaryPassword: PasswordInputSchema,
    }),
    output: z.strictObject({ staff: StaffSummarySchema }),
  }),
  'staff:set-disabled': channel({
    role: 'supervisor',
    input: z.strictObject({ staffId: IdSchema, disabled: z.boolean() }),
    output: StaffSummarySchema,
  }),
  /** A supervisor sets a new temporary password (typed, handed over, to be changed at the next login). */
  'staff:reset-password': channel({
    role: 'supervisor',
    input: z.strictObject({ staffId: IdSchema, temporaryPassword: PasswordInputSchema }),
    output: StaffSummarySchema,
  }),
  'staff:unlock': channel({ role: 'supervisor', input: z.strictObject({ staffId: IdSchema }), output: StaffSummarySchema }),
};
