import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CHANNELS, contract } from '../../shared/contract';

/** PostgreSQL's `integer`, the type of every id column (`increments()`). */
const INT4_MAX = 2_147_483_647;

type Schema = z.core.$ZodType;
const defOf = (s: Schema) => (s as unknown as { def: Record<string, unknown> & { type: string } }).def;

/** Schemas that only wrap another (`def.innerType`). */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'nonoptional', 'catch']);

/** Does this field's schema take a number anywhere (not counting nested objects' own fields)? */
function takesNumber(s: Schema): boolean {
  const d = defOf(s);
  if (WRAPPERS.has(d.type)) return takesNumber(d.innerType as Schema);
  switch (d.type) {
    case 'number':
      return true;
    case 'pipe':
      return takesNumber(d.in as Schema);
    case 'union':
      return (d.options as Schema[]).some(takesNumber);
    case 'array':
      return takesNumber(d.element as Schema);
    default:
      return false;
  }
}

/** Every object field (at any depth, through unions and wrappers) that takes a number: path and schema. */
function numberFields(s: Schema, path: string, out: Array<{ path: string; schema: Schema }>): void {
  const d = defOf(s);
  if (WRAPPERS.has(d.type)) return numberFields(d.innerType as Schema, path, out);
  switch (d.type) {
    case 'object':
      for (const [k, v] of Object.entries(d.shape as Record<string, Schema>)) {
        if (takesNumber(v)) out.push({ path: `${path}.${k}`, schema: v });
        numberFields(v, `${path}.${k}`, out);
      }
      return;
    case 'pipe':
      numberFields(d.in as Schema, path, out);
      return numberFields(d.out as Schema, path, out);
    case 'union':
      (d.options as Schema[]).forEach((o, i) => numberFields(o, `${path}|${i}`, out));
      return;
    case 'array':
      return numberFields(d.element as Schema, `${path}[]`, out);
    case 'intersection':
      numberFields(d.left as Schema, path, out);
      return numberFields(d.right as Schema, path, out);
    default:
  }
}

describe('every number a channel accepts fits the database (a reported defect: ids above 2³¹−1 were INTERNAL on PostgreSQL)', () => {
  const fields = CHANNELS.flatMap((channel) => {
    const out: Array<{ path: string; schema: Schema }> = [];
    numberFields(contract[channel].input as Schema, '', out);
    return out.map((f) => ({ ...f, channel }));
  });

  it('finds the id and page fields (the walk sees the contract)', () => {
    const names = fields.map((f) => `${f.channel} ${f.path}`);
    expect(names).toEqual(expect.arrayContaining(['accounts:get .accountId', 'staff:unlock .staffId', 'accounts:confirm-mobile-change .verificationId', 'audit:list .page', 'outbox:list .page', 'identifiers:list .page']));
    expect(fields.length).toBeGreaterThan(20);
  });

  it('refuses 2³¹ (and 2⁵³−1) in every number field, and accepts the largest id', async () => {
    const { contract: c } = await import('../../shared/contract');
    for (const { channel, path, schema } of fields) {
      const zs = schema as unknown as z.ZodType;
      const arrayOnly = defOf(schema).type === 'array';
      for (const big of [INT4_MAX + 1, Number.MAX_SAFE_INTEGER]) {
        expect(zs.safeParse(arrayOnly ? [big] : big).success, `${channel} ${path} takes ${big}`).toBe(false);
      }
    }
    expect(c['accounts:get'].input.safeParse({ accountId: INT4_MAX }).success).toBe(true);
    expect(c['audit:list'].input.safeParse({ page: INT4_MAX }).success).toBe(true);
  });

  it('names the refusal in Persian as a number out of range, not as text too long', () => {
    const r = contract['accounts:get'].input.safeParse({ accountId: INT4_MAX + 1 });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toBe('NUMBER_RANGE');
  });
});
