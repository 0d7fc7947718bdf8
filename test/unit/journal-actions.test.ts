import { describe, expect, it } from 'vitest';
import { JOURNALED_ACTIONS, NOT_JOURNALED_ACTIONS } from '../../src-main/services/journal.service';
import { actionsMainRecords } from '../helpers/audit-actions';

describe('issue 8: no change path misses the journal', () => {
  it('every action main audits is either journaled or listed as changing no account, identifier or station', () => {
    const found = actionsMainRecords();
    expect(found).toEqual(expect.arrayContaining(['account.registered', 'identifier.revoked', 'portal.password-changed']));
    const unclassified = found.filter((a) => !(a in JOURNALED_ACTIONS) && !NOT_JOURNALED_ACTIONS.includes(a));
    expect(unclassified).toEqual([]);
  });

  it('no action is in both lists, and neither list names an action main never records', () => {
    const found = new Set(actionsMainRecords());
    expect(Object.keys(JOURNALED_ACTIONS).filter((a) => NOT_JOURNALED_ACTIONS.includes(a))).toEqual([]);
    expect([...Object.keys(JOURNALED_ACTIONS), ...NOT_JOURNALED_ACTIONS].filter((a) => !found.has(a))).toEqual([]);
  });
});
