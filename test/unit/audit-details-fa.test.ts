import { describe, expect, it } from 'vitest';
import type { SearchKind } from '../../shared/search/classify';
import type { DeliveryReport } from '../../src-main/sms/adapter';
import { audit } from '../../src-renderer/i18n/fa/audit';
import { actorText, detailText, subjectText } from '../../src-renderer/screens/audit/audit-text';
import { detailKeysMainRecords } from '../helpers/audit-actions';

/**
 * Issue 12 item 4 (REG-6): the audit log reads in Persian — every key main writes into an entry's
 * details has a Persian label, so do the words its values can be, and numbers (masked mobiles
 * included) are in Persian digits. A key added to a service without a label fails here.
 */

/** Keys whose values a dedicated rule names (settings, roles, documents, gateways, countries, groups, SMS errors, refusals). */
const NAMED_BY_RULE = new Set(['keys', 'adapter', 'gateway', 'role', 'idDocumentType', 'documentType', 'nationality', 'group', 'error', 'code']);
const LATIN_WORD = /[A-Za-z]{2,}/;

describe('audit details in Persian', () => {
  const written = detailKeysMainRecords();

  it('finds the keys main writes (the scan itself works)', () => {
    expect([...written.keys()]).toEqual(expect.arrayContaining(['kind', 'purpose', 'newMobile', 'branchCode', 'error', 'found', 'reason', 'hqKeyFingerprint']));
    expect([...written.get('reason')!]).toEqual(expect.arrayContaining(['mismatch', 'unknown']));
  });

  it('has a Persian label for every key main writes', () => {
    expect([...written.keys()].filter((k) => !(k in audit.detailKeys))).toEqual([]);
  });

  it('has a Persian name for every word main writes as a value (literals in the details, and the enumerations behind variables)', () => {
    const kinds: Array<SearchKind | 'citizen' | 'foreign'> = ['nationalCode', 'foreignId', 'mobile', 'insuranceNumber', 'name', 'citizen', 'foreign'];
    const states: Array<DeliveryReport['state']> = ['delivered', 'failed', 'buffered', 'accepted', 'unknown'];
    const expected: Array<[string, string]> = [
      ...[...written].flatMap(([key, lits]) => (NAMED_BY_RULE.has(key) ? [] : [...lits].map((v): [string, string] => [key, v]))),
      ...kinds.map((v): [string, string] => ['kind', v]),
      ...['reset', 'mobile-code', 'notice', 'test'].map((v): [string, string] => ['purpose', v]),
      ...['account', 'reset'].map((v): [string, string] => ['via', v]),
      ...['code', 'supervisor'].map((v): [string, string] => ['how', v]),
      ...states.map((v): [string, string] => ['state', v]),
      ...['RESET_COOLDOWN', 'RESET_DAILY_CAP'].map((v): [string, string] => ['reason', v]),
    ];
    expect(expected.filter(([k, v]) => !audit.detailValues[k]?.[v]).map(([k, v]) => `${k}=${v}`)).toEqual([]);
  });

  it('shows the entries a clerk ran into in Persian: no raw key or value, Persian digits, masked mobiles too', () => {
    const groups = { MANDATORY: 'بیمه‌شدگان اجباری' };
    const samples = [
      { action: 'account.registered', details: { kind: 'citizen', branchCode: '1011', group: 'MANDATORY', idDocumentType: 'national_card', termsVersion: '1', hasMobile: true } },
      { action: 'sms.failed', details: { purpose: 'notice', error: 'SMPP cannot reach 127.0.0.1:2799: ECONNREFUSED' } },
      { action: 'sms.sent', details: { purpose: 'mobile-code', attempts: 2 } },
      { action: 'mobile.changed', details: { how: 'code', approvedBy: null, oldMobile: '0912***4567', newMobile: '0935***1122' } },
      { action: 'account.duplicate-check', details: { kind: 'nationalCode', found: true, branchCode: '1002' } },
      { action: 'reset.self-refused', details: { reason: 'mismatch' } },
      { action: 'reset.self-throttled', details: { reason: 'RESET_DAILY_CAP' } },
      { action: 'identifier.issued', details: { nationality: 'AF', documentType: 'passport' } },
      { action: 'registry.refused', details: { code: 'REGISTRY_INVALID', page: 3 } },
      { action: 'sms.delivery', details: { state: 'delivered' } },
    ];
    for (const s of samples) {
      const text = detailText(JSON.stringify(s.details), { groups });
      expect(text, s.action).not.toMatch(LATIN_WORD);
      expect(text, s.action).not.toMatch(/[0-9]/);
    }
    expect(detailText(JSON.stringify({ newMobile: '0935***1122' }))).toContain('۰۹۳۵***۱۱۲۲');
    expect(detailText(JSON.stringify({ error: 'SMPP cannot reach 127.0.0.1:2799: ECONNREFUSED' }))).toContain('دسترسی به درگاه پیامک ممکن نشد');
  });

  it('an unknown key or word falls back to the recorded text, kept apart from the Persian around it', () => {
    expect(detailText(JSON.stringify({ someNewKey: 'someValue' }))).toBe('\u2068someNewKey\u2069: \u2068someValue\u2069');
    expect(detailText('not json')).toBe('not json');
  });

  it('names the system as itself, a portal user by username in Persian digits, and subjects in Persian', () => {
    expect(actorText('system', 'system')).toBe('سامانه');
    expect(actorText('portal', '0012345679')).toBe('۰۰۱۲۳۴۵۶۷۹ (کاربر درگاه)');
    expect(actorText('staff', 'reza.clerk')).toBe('reza.clerk');
    expect(subjectText('registry', 'file')).toBe('فهرست ستاد پرونده');
    expect(subjectText('account', '42')).toBe('حساب ۴۲');
  });
});
