import { test as fcTest, fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { canonicalJson, isJournalEntry, parseJournalEntry, parseJournalLine } from '../../shared/journal';

/**
 * Headquarters decides each body line with the hand-written check (shared/journal/entry-check.ts)
 * instead of zod: it must say valid exactly when the zod schema does, for any value JSON.parse can
 * make. Both run here over valid entries of every record type and over those entries broken one
 * key at a time (stray keys, missing keys, wrong types, values at and past every limit).
 */

const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
const utc = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
  .chain((d) => fc.constantFrom(d.toISOString(), d.toISOString().replace(/\.[0-9]{3}Z$/, 'Z'), d.toISOString().replace(/[0-9]{2}Z$/, 'Z')));
/** Free text around the limits: Persian, ZWNJ, astral characters (two UTF-16 units, one code point), and what the text rule refuses. */
const textOf = (max: number) =>
  fc.oneof(
    fc.string({ minLength: 1, maxLength: max }),
    fc.string({ unit: fc.constantFrom('ر', 'ض', '\u200c', '😀', 'a', ' '), minLength: max - 2, maxLength: max + 2 }),
    fc.string({ unit: fc.constantFrom('😀', 'b'), minLength: 1, maxLength: max + 1 }),
    fc.constantFrom('', 'a'.repeat(max), 'a'.repeat(max + 1), 'clerk\u0000', 'clerk\u202e', '\ud800x', 'x\udc00', 'tab\there', 'a"b\\c'),
  );
const optional = <T,>(key: string, arb: fc.Arbitrary<T>) => fc.option(arb.map((v) => ({ [key]: v })), { nil: {} });
const merge = (...parts: object[]) => Object.assign({}, ...parts) as Record<string, unknown>;
const audit = fc.option(fc.record({ id: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), hash: fc.stringMatching(/^[0-9a-f]{64}$/) }), { nil: null });
const common = fc.record({
  seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  branch: digits(4),
  station: fc.integer({ min: 1, max: 99 }),
  at: utc,
  actor: textOf(80),
  audit,
});

const accountEntry = fc
  .tuple(
    common,
    fc.constantFrom('snapshot', 'account.registered', 'account.voided', 'account.password-state'),
    fc.oneof(digits(10), digits(12)),
    fc.record({ status: fc.constantFrom('active', 'disabled', 'voided'), kind: fc.constantFrom('citizen', 'foreign'), branchCode: digits(4) }),
    fc.tuple(
      optional('insuranceNumber', digits(10)),
      optional('insuranceGroup', textOf(40)),
      optional('mobileMasked', textOf(20)),
      optional('passwordState', fc.constantFrom('initial', 'changed', 'reset-issued', 'reset-used')),
      optional('registeredAt', utc),
      optional('registeredBy', textOf(80)),
      optional('voidedAt', utc),
      optional('disabledAt', utc),
    ),
  )
  .map(([c, kind, id, state, extra]) => merge(c, { kind, record: { type: 'account', id }, state: merge(state, { username: id }, ...extra) }));

const identifierEntry = fc
  .tuple(
    common,
    fc.constantFrom('snapshot', 'identifier.issued', 'identifier.used', 'identifier.revoked'),
    digits(12),
    fc.record({
      status: fc.constantFrom('issued', 'used', 'registered', 'revoked'),
      branchCode: digits(4),
      station: fc.integer({ min: 1, max: 99 }),
      sequence: fc.integer({ min: 1, max: 99999 }),
    }),
    fc.tuple(optional('nationality', fc.stringMatching(/^[A-Z]{2}$/)), optional('issuedAt', utc), optional('revokedAt', utc), optional('usedBy', digits(10))),
  )
  .map(([c, kind, id, state, extra]) => merge(c, { kind, record: { type: 'identifier', id }, state: merge(state, { identifier: id }, ...extra) }));

const stationEntry = fc
  .tuple(
    common,
    fc.constantFrom('snapshot', 'station.joined', 'station.retired'),
    fc.integer({ min: 1, max: 99 }),
    fc.record({ branchCode: digits(4), status: fc.constantFrom('active', 'retired') }),
    fc.tuple(optional('label', textOf(200)), optional('joinedAt', utc), optional('retiredAt', utc)),
  )
  .map(([c, kind, n, state, extra]) =>
    merge(c, { kind, record: { type: 'station', id: String(n).padStart(2, '0') }, state: merge(state, { station: n }, ...extra) }),
  );

const entry = fc.oneof(accountEntry, identifierEntry, stationEntry);

/** Values at or just past a limit of some field, or of a near-miss type. */
const NEAR_MISSES: readonly unknown[] = [
  ...[0, -1, 1, 1.5, 7, 99, 100, 99999, 100000, Number.MAX_SAFE_INTEGER, 2 ** 53, 1e21, null, true, [], {}],
  ...['', '1234', '12345', '123', '0013542419', '001354241', '123407000014', '1234070000145', '07', '7', 'AF', 'af', 'AFG'],
  ...['a'.repeat(64), 'A'.repeat(64), 'a'.repeat(63), '2026-13-03T08:00:00Z', '2026-02-30T08:00:00Z', '2026-12-03T24:00:00Z', '2026-12-03T08:00:00.0000Z'],
  ...['active', 'voided', 'issued', 'used', 'registered', 'retired', 'citizen', 'foreign', 'reset-used', 'snapshot', 'identifier.used', 'station.retired'],
  ...['account', 'identifier', 'station', 'x'.repeat(20), 'x'.repeat(21), 'x'.repeat(40), 'x'.repeat(41), 'x'.repeat(80), 'x'.repeat(81), 'x'.repeat(200), 'x'.repeat(201)],
  ...['😀'.repeat(20), '😀'.repeat(21), '😀'.repeat(80), '😀'.repeat(81), 'a\u0085', 'a\u200c', 'a\u2066', '\ud83d', 'ok'],
  { id: 1, hash: 'a'.repeat(64) },
  { type: 'account', id: '0013542419' },
];
const nasty = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(...NEAR_MISSES));

type Path = string[];
type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => x !== null && typeof x === 'object' && !Array.isArray(x);
const objectPaths = (v: Obj): Path[] => [[], ...Object.entries(v).flatMap(([k, x]) => (isObj(x) ? objectPaths(x).map((p) => [k, ...p]) : []))];
const keyPaths = (v: Obj): Path[] => Object.entries(v).flatMap(([k, x]) => [[k], ...(isObj(x) ? keyPaths(x).map((p) => [k, ...p]) : [])]);
const at = (v: Obj, p: Path) => p.reduce<Obj>((o, k) => o[k] as Obj, v);

/** One change that may break the entry: a stray key, a key removed, a value replaced. */
const mutated = fc
  .tuple(entry, fc.nat(), fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'password', 'constructor', 'toString', '0')), nasty, fc.constantFrom('add', 'remove', 'replace'))
  .map(([e, i, key, value, how]) => {
    const copy = structuredClone(e);
    if (how === 'add') {
      const objects = objectPaths(copy);
      Object.defineProperty(at(copy, objects[i % objects.length]!), key, { value, enumerable: true, configurable: true, writable: true });
    } else {
      const keys = keyPaths(copy);
      const p = keys[i % keys.length]!;
      const parent = at(copy, p.slice(0, -1));
      if (how === 'remove') delete parent[p.at(-1)!];
      else parent[p.at(-1)!] = value;
    }
    return copy;
  });

/** As JSON.parse would hand it over (the check's contract: values made by JSON.parse). */
const parsed = (v: unknown): unknown => JSON.parse(JSON.stringify(v));
const agrees = (v: unknown) => expect({ v, check: isJournalEntry(v) }).toEqual({ v, check: parseJournalEntry(v).ok });

const FULL: Obj[] = [
  {
    seq: 9,
    branch: '1234',
    station: 7,
    kind: 'account.registered',
    record: { type: 'account', id: '0013542419' },
    state: {
      status: 'active',
      username: '0013542419',
      kind: 'citizen',
      branchCode: '1234',
      insuranceNumber: '1234567890',
      insuranceGroup: 'گروه',
      mobileMasked: '0912***4567',
      passwordState: 'initial',
      registeredAt: '2026-12-03T08:00:00Z',
      registeredBy: 'clerk1',
      voidedAt: '2026-12-03T08:00:00.1Z',
      disabledAt: '2026-12-03T08:00:00.12Z',
    },
    at: '2026-12-03T08:00:00.000Z',
    actor: 'clerk1',
    audit: { id: 3, hash: 'a'.repeat(64) },
  },
  {
    seq: 9,
    branch: '1234',
    station: 7,
    kind: 'identifier.issued',
    record: { type: 'identifier', id: '123407000014' },
    state: {
      identifier: '123407000014',
      status: 'issued',
      branchCode: '1234',
      station: 7,
      sequence: 1,
      nationality: 'AF',
      issuedAt: '2026-12-03T08:00:00Z',
      revokedAt: '2026-12-03T08:00:00Z',
      usedBy: '0013542419',
    },
    at: '2026-12-03T08:00:00.000Z',
    actor: 'clerk1',
    audit: null,
  },
  {
    seq: 9,
    branch: '1234',
    station: 7,
    kind: 'station.joined',
    record: { type: 'station', id: '07' },
    state: { station: 7, branchCode: '1234', status: 'active', label: 'پیشخوان ۱', joinedAt: '2026-12-03T08:00:00Z', retiredAt: '2026-12-03T08:00:00Z' },
    at: '2026-12-03T08:00:00.000Z',
    actor: 'system',
    audit: { id: Number.MAX_SAFE_INTEGER, hash: 'b'.repeat(64) },
  },
];

describe('the hand-written entry check agrees with the zod schema', () => {
  it('on every key of a full entry of each type set to every limit and near miss in turn', () => {
    let checked = 0;
    for (const base of FULL) {
      expect(isJournalEntry(parsed(base))).toBe(true);
      agrees(parsed(base));
      for (const p of keyPaths(base)) {
        for (const value of NEAR_MISSES) {
          const copy = structuredClone(base);
          at(copy, p.slice(0, -1))[p.at(-1)!] = value;
          agrees(parsed(copy));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(3000);
  });

  fcTest.prop([entry], { numRuns: 1000 })('on valid entries of every record type', (e) => {
    agrees(parsed(e));
  });

  fcTest.prop([mutated], { numRuns: 3000 })('on entries with one key added, removed or replaced', (e) => {
    agrees(parsed(e));
  });

  fcTest.prop([entry, entry], { numRuns: 500 })('on an entry whose record, state or kind was swapped with another entry’s', (a, b) => {
    agrees(parsed({ ...a, record: b.record }));
    agrees(parsed({ ...a, state: b.state }));
    agrees(parsed({ ...a, kind: b.kind }));
  });

  fcTest.prop([fc.jsonValue()], { numRuns: 1000 })('on any JSON value', (v) => {
    agrees(parsed(v));
  });

  it('on the keys that JavaScript treats specially, as JSON.parse makes them', () => {
    const text = canonicalJson(FULL[0]);
    for (const stray of ['"__proto__":{}', '"constructor":1', '"toString":"x"', '"0":1']) {
      for (const v of [JSON.parse(text.replace('{', `{${stray},`)), JSON.parse(text.replace('"state":{', `"state":{${stray},`))]) {
        agrees(v);
        expect(isJournalEntry(v)).toBe(false);
      }
    }
  });

  it('a time that is not on the calendar is refused by both, a leap day is taken', () => {
    const withAt = (at: string) => ({ ...structuredClone(FULL[0]!), at });
    for (const at of ['2026-02-30T08:00:00Z', '2025-02-29T08:00:00.000Z', '2026-04-31T08:00:00Z', '2026-12-03T24:00:00Z', '2026-12-03T23:60:00Z', '2026-00-10T08:00:00Z']) {
      expect({ at, check: isJournalEntry(withAt(at)), schema: parseJournalEntry(withAt(at)).ok }).toEqual({ at, check: false, schema: false });
    }
    for (const at of ['2024-02-29T08:00:00Z', '2000-02-29T23:59:59.999Z', '2026-12-31T00:00:00.5Z']) {
      expect({ at, check: isJournalEntry(withAt(at)), schema: parseJournalEntry(withAt(at)).ok }).toEqual({ at, check: true, schema: true });
    }
  });

  it('a line with a stray key is refused, with the schema’s reason', () => {
    const line = canonicalJson({ ...FULL[0], state: { ...(FULL[0]!.state as Obj), passwordHash: 'x' } });
    expect(parseJournalLine(line)).toEqual({ ok: false, problem: expect.stringMatching(/^state/) });
    expect(parseJournalLine(canonicalJson(FULL[0]))).toEqual({ ok: true, entry: FULL[0] });
  });
});
