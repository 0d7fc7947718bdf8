import { describe, expect, it } from 'vitest';
import { RECOVERY_PER_SESSION_HOUR, RECOVERY_PER_USERNAME_HOUR } from '../../src-main/ipc/handlers/portal.handlers';
import { makeCaptcha } from '../../src-main/services/captcha';
import { nationalCode, useTestApp } from '../helpers/app';
import { citizenDesk } from '../helpers/desk-flow';

const MOBILE = '09121234567';
const codeOf = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);

describe('the kiosk security code (issue 10 item 4)', () => {
  const desk = useTestApp((app) => citizenDesk(app, { mobile: MOBILE }));

  it('is drawn as paths only: no text element, no text node, nothing but svg, rect and path', () => {
    for (let i = 0; i < 50; i++) {
      const { answer, svg } = makeCaptcha();
      expect(answer).toMatch(/^[0-9]{5}$/);
      expect(svg).not.toMatch(/<text|<tspan|<use|<image|font/i);
      expect(svg.replace(/<[^>]*>/g, '').trim()).toBe(''); // no text between tags
      expect(new Set([...svg.matchAll(/<([a-z]+)/g)].map((m) => m[1]))).toEqual(new Set(['svg', 'rect', 'path']));
      // The answer is not in the markup as a run of characters (coordinates have one decimal and a space).
      expect(svg).not.toContain(answer);
    }
  });

  it('a code works once: the same answer again is refused with VERIFICATION_FAILED', async () => {
    const { app, kiosk, code } = desk();
    await app.ok(kiosk, 'portal:captcha', {});
    const answer = kiosk.captcha!.answer;
    expect(await app.call(kiosk, 'portal:recover', { username: code, mobile: MOBILE, captcha: answer })).toEqual({ ok: true, data: { accepted: true } });
    expect(codeOf(await app.call(kiosk, 'portal:recover', { username: code, mobile: MOBILE, captcha: answer }))).toBe('VERIFICATION_FAILED');
  });

  it('per kiosk session: requests fired at once, wrong captcha or not, pass the limit at most its number of times', async () => {
    const { app, kiosk } = desk();
    const N = RECOVERY_PER_SESSION_HOUR + 15;
    const users = Array.from({ length: N }, (_, i) => nationalCode(String(100000000 + i * 7919).slice(0, 9)));
    const answers = await Promise.all(users.map((u) => app.call(kiosk, 'portal:recover', { username: u, mobile: MOBILE, captcha: '00000' })));
    const codes = answers.map(codeOf);
    expect(codes.filter((c) => c === 'RECOVERY_LIMIT')).toHaveLength(N - RECOVERY_PER_SESSION_HOUR);
    expect(codes.filter((c) => c !== 'RECOVERY_LIMIT').every((c) => c === 'VERIFICATION_FAILED')).toBe(true);
    // An hour later the session may ask again.
    app.clock.advance(3600_000 + 1);
    expect(codeOf(await app.call(kiosk, 'portal:recover', { username: users[0]!, mobile: MOBILE, captcha: '00000' }))).toBe('VERIFICATION_FAILED');
  });

  it('per username, from many kiosk sessions at once and with the right captcha each time: the limit holds', async () => {
    const { app, code } = desk();
    const N = RECOVERY_PER_USERNAME_HOUR + 10;
    const sessions = Array.from({ length: N }, () => app.kioskSession());
    for (const s of sessions) await app.ok(s, 'portal:captcha', {});
    const answers = await Promise.all(sessions.map((s) => app.call(s, 'portal:recover', { username: code, mobile: MOBILE, captcha: s.captcha!.answer })));
    const codes = answers.map(codeOf);
    expect(codes.filter((c) => c === 'RECOVERY_LIMIT')).toHaveLength(N - RECOVERY_PER_USERNAME_HOUR);
    expect(codes.filter((c) => c === 'ok')).toHaveLength(RECOVERY_PER_USERNAME_HOUR);
  });
});
