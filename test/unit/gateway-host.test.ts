import { describe, expect, it } from 'vitest';
import { HostSchema } from '../../shared/contract/settings.contract';

/**
 * BR-4: the gateway's host (SMPP and Kannel) is a host name or an IP address that can exist
 * (outside probe, 2026-12-07: «999.999.999.999», «1.2.3.4.5», «a..b» and «[:::::]» were saved and
 * failed only when the desk tried to connect, as ENOTFOUND in the outbox).
 */
describe('the gateway host setting', () => {
  it('takes host names, IPv4 and IPv6 addresses (bare or in brackets)', () => {
    for (const ok of ['127.0.0.1', 'localhost', 'smsc.example.ir', 'smsc-1.operator.co', '10.0.0.255', '::1', '[::1]', 'fe80::1', '[2001:db8::8:800:200c:417a]', ' smsc.example.ir ']) {
      expect(HostSchema.safeParse(ok).success, ok).toBe(true);
    }
  });

  it('refuses what no host can be', () => {
    for (const bad of ['999.999.999.999', '1.2.3.4.5', '256.1.1.1', '1.2.3', 'a..b', '-a.b', 'a-.b', '.a', 'a.', '[:::::]', ':::::', '[::1', 'no such host!', `${'a'.repeat(64)}.ir`, '']) {
      expect(HostSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
});
