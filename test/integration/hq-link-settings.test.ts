import { generateKeyPairSync } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatHqKeyText } from '../../shared/journal';
import { useTestApp } from '../helpers/app';
import { branchDesk } from '../helpers/desk-flow';
import { makeTestCert, type TestCert } from '../helpers/tls';

/**
 * Issue 9: Settings → Headquarters (supervisor): the URL, the one CA the link trusts and
 * headquarters' public key — checked by the contract and in main, with stable codes; audited
 * with fingerprints, never the texts; shown back with what to compare by phone.
 */
const hqKeyText = formatHqKeyText(generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64'));

describe('issue 9: Settings → Headquarters', () => {
  const desk = useTestApp(branchDesk);
  let cert: TestCert;
  beforeAll(() => {
    cert = makeTestCert();
  });
  afterAll(() => rmSync(cert.dir, { recursive: true, force: true }));
  const good = () => ({ url: 'https://hq.example.ir:8443/', caPem: cert.certPem, hqKeyText });

  it('a supervisor saves them; the view shows the CA subject and the key fingerprint; the audit keeps fingerprints only', async () => {
    const { app, supervisor } = desk();
    expect(await app.ok(supervisor, 'hq:link-settings', {})).toMatchObject({ configured: false, url: '' });
    const status = await app.ok(supervisor, 'app:status', {});
    expect(status.hq.state).toBe('not-configured');

    const view = await app.ok(supervisor, 'hq:link-settings-save', good());
    expect(view).toMatchObject({ configured: true, url: 'https://hq.example.ir:8443', hqKeyText, caSubject: 'CN=127.0.0.1' });
    expect(view.hqKeyFingerprint).toMatch(/^(\d{4} ){8}\d{4}$/);
    expect(await app.ok(supervisor, 'hq:link-settings', {})).toEqual(view);
    expect((await app.ok(supervisor, 'app:status', {})).hq.state).toBe('unknown');

    const entry = await app.ctx.db('audit_log').where({ action: 'hq.link-settings' }).first<{ details: string }>();
    expect(JSON.parse(entry!.details)).toEqual({ url: 'https://hq.example.ir:8443', caSha256: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/), hqKeyFingerprint: view.hqKeyFingerprint });
    expect(entry!.details).not.toContain('BEGIN CERTIFICATE');
  });

  it('refusals carry stable codes: bad URL, not a PEM, not a headquarters key, a PEM that is no certificate', async () => {
    const { app, supervisor } = desk();
    const fieldCodes = async (input: Record<string, unknown>) => {
      const r = await app.call(supervisor, 'hq:link-settings-save', input);
      expect(r.ok).toBe(false);
      if (r.ok) return [];
      expect(r.error.code).toBe('VALIDATION');
      return (r.error.issues ?? []).map((i) => `${i.path.join('.')}:${i.code}`);
    };
    expect(await fieldCodes({ ...good(), url: 'http://hq.example.ir' })).toEqual(['url:HQ_URL_FORMAT']);
    expect(await fieldCodes({ ...good(), url: 'https://u:p@hq.example.ir' })).toEqual(['url:HQ_URL_FORMAT']);
    expect(await fieldCodes({ ...good(), url: 'https://hq.example.ir/?x=1' })).toEqual(['url:HQ_URL_FORMAT']);
    // Outside probe: a port no URL can have was stored, and the link only logged «not a URL».
    expect(await fieldCodes({ ...good(), url: 'https://127.0.0.1:99999' })).toEqual(['url:HQ_URL_FORMAT']);
    expect(await fieldCodes({ ...good(), url: 'https://hq.example.ir:0' })).toEqual(['url:HQ_URL_FORMAT']);
    expect(await fieldCodes({ ...good(), caPem: 'not a certificate' })).toEqual(['caPem:HQ_CA_FORMAT']);
    expect(await fieldCodes({ ...good(), hqKeyText: 'branch-desk-station/1;branch=1001;station=07;key=AAAA' })).toEqual(['hqKeyText:HQ_KEY_FORMAT']);
    expect(await fieldCodes({ ...good(), hqKeyText: 'hq-key/1;key=AAAA' })).toEqual(['hqKeyText:HQ_KEY_FORMAT']);
    expect(await fieldCodes({ url: '', caPem: '', hqKeyText: '' })).toEqual(['url:REQUIRED', 'caPem:REQUIRED', 'hqKeyText:REQUIRED']);

    const noCert = await app.call(supervisor, 'hq:link-settings-save', { ...good(), caPem: '-----BEGIN CERTIFICATE-----\nAAAAAAAA\n-----END CERTIFICATE-----\n' });
    expect(noCert.ok ? null : noCert.error.code).toBe('HQ_CA_INVALID');
    // Nothing was stored by the refusals.
    expect((await app.ok(supervisor, 'hq:link-settings', {})).configured).toBe(false);
    expect(await app.ctx.db('audit_log').where({ action: 'hq.link-settings' }).count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('a key and an address pasted with the line break around them are taken as typed without it (outside probe)', async () => {
    const { app, supervisor } = desk();
    const view = await app.ok(supervisor, 'hq:link-settings-save', { ...good(), url: 'https://hq.example.ir:8443/\n', hqKeyText: `\r\n${hqKeyText}\n` });
    expect(view).toMatchObject({ configured: true, url: 'https://hq.example.ir:8443', hqKeyText });
    // A line break inside a value is still refused.
    const inside = await app.call(supervisor, 'hq:link-settings-save', { ...good(), hqKeyText: hqKeyText.replace(';', ';\n') });
    expect(inside.ok ? null : inside.error.code).toBe('VALIDATION');
  });

  it('a clerk may neither read nor change them, nor resume the link', async () => {
    const { app, clerk } = desk();
    for (const [channel, input] of [
      ['hq:link-settings', {}],
      ['hq:link-settings-save', good()],
      ['hq:link-resume', {}],
    ] as const) {
      const r = await app.call(clerk, channel, input);
      expect(r.ok ? null : r.error.code).toBe('FORBIDDEN');
    }
  });

  it('resuming a link that is not stopped is refused HQ_LINK_NOT_STOPPED', async () => {
    const { app, supervisor } = desk();
    await app.ok(supervisor, 'hq:link-settings-save', good());
    const r = await app.call(supervisor, 'hq:link-resume', {});
    expect(r.ok ? null : r.error.code).toBe('HQ_LINK_NOT_STOPPED');
  });
});
