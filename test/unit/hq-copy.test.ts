import { describe, expect, it } from 'vitest';
import { copyField } from '../../hq/db/copy';
import { stateTextOf } from '../../hq/db/apply.repo';
import { canonicalJson, parseJournalEntry } from '../../shared/journal';

/** Headquarters writes entries with COPY: the state's bytes come straight from the signed line. */
describe('hq COPY lines', () => {
  const base = {
    seq: 4,
    branch: '1234',
    station: 7,
    at: '2026-12-01T08:00:00.000Z',
    audit: null,
  };

  it.each([
    ['an account', { ...base, kind: 'account.registered', actor: 'x,"state":{"a":1},"station":3', record: { type: 'account', id: '0013542419' }, state: { status: 'active', username: '0013542419', kind: 'citizen', branchCode: '1234' } }],
    ['a station (its state has a "station" key too)', { ...base, kind: 'station.joined', actor: 'system', record: { type: 'station', id: '07' }, state: { station: 7, branchCode: '1234', status: 'active', label: '},"station":9,"state":{' } }],
  ])('stateTextOf gives canonicalJson(state) for %s, whatever its strings hold', (_name, raw) => {
    const parsed = parseJournalEntry(raw);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(stateTextOf(canonicalJson(parsed.entry))).toBe(canonicalJson(parsed.entry.state));
  });

  it('escapes what COPY text format gives a meaning to, and writes null as \\N', () => {
    expect(copyField('a\tb\nc\\d\re')).toBe('a\\tb\\nc\\\\d\\re');
    expect(copyField(null)).toBe('\\N');
    expect(copyField(12)).toBe('12');
    expect(copyField('plain')).toBe('plain');
  });
});
