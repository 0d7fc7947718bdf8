import { describe, expect, it } from 'vitest';
import { actions } from '../../src-renderer/i18n/fa/actions';
import { actionsMainRecords } from '../helpers/audit-actions';

describe('REG-6: the audit log and the daily report name every action in Persian', () => {
  it('finds the actions main records (the scan itself works)', () => {
    expect(actionsMainRecords()).toEqual(expect.arrayContaining(['account.enabled', 'sms.test', 'staff.disabled', 'setup.done']));
  });

  it('has a Persian name for each of them', () => {
    const missing = actionsMainRecords().filter((a) => !(a in actions));
    expect(missing).toEqual([]);
  });
});
