import type { z } from 'zod';
import { contract, type Input, type Output } from '../../../shared/contract';

export const registerSchema = contract['accounts:register'].input;

/** What the form holds: the contract's input, as typed. */
export type RegisterFormValues = z.input<typeof registerSchema>;
export type RegisterParsed = z.output<typeof registerSchema>;
export type RegisterResult = Output<'accounts:register'>;

/** What the receipt needs beyond main's answer. */
export interface RegisteredApplicant {
  kind: 'citizen' | 'foreign';
  fullName: string | null;
}

/**
 * The parsed form back to a contract input. The optional names come out of the schema as `null`
 * but go in as `undefined`, so they are mapped back; everything else parses to itself.
 */
export function toRegisterInput(v: RegisterParsed): Input<'accounts:register'> {
  return { ...v, firstName: v.firstName ?? undefined, lastName: v.lastName ?? undefined };
}
