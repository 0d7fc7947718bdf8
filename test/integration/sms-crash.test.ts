import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src-main/db/connection';
import { SUPERVISOR } from '../helpers/app';
import { ensureBuilt, staffClient, startServer, type Server } from '../helpers/server-process';
import { smppSettingsFor, startSmppPeer, type SmppPeer } from '../helpers/smpp-peer';

const SMPP_PASSWORD = 'Crash-42';
const MESSAGES = 30;
/** The dispatcher's default window: the most a crash may repeat (messages handed over, unanswered). */
const WINDOW = 10;

describe('BR-4: the real process killed (SIGKILL) mid-queue and restarted', () => {
  let peer: SmppPeer;
  let dataDir: string;
  let server: Server | null = null;

  beforeAll(() => ensureBuilt('outbox-accepted.log'), 180_000);
  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGINT');
      await server.exited;
    }
    await peer?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('BR-4 nothing is lost, and only messages that were in flight and unanswered (at most the window) reach the gateway twice', async () => {
    peer = await startSmppPeer({ systemId: 'desk01', password: SMPP_PASSWORD });
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'desk-crash-'));
    server = await startServer(dataDir);
    const ok = await staffClient(server);
    const [branch] = await ok('reference:branches', { query: '' });
    await ok('setup:run', {
      branchId: branch!.id,
      stationNumber: 3,
      username: SUPERVISOR.username,
      displayName: 'سارا محمدی',
      password: SUPERVISOR.password,
      passwordRepeat: SUPERVISOR.password,
    });
    await ok('staff:login', SUPERVISOR);
    await ok('sms:set-password', { gateway: 'smpp', password: SMPP_PASSWORD });
    await ok('settings:update', { smsAdapter: 'smpp', smpp: smppSettingsFor(peer, { systemId: 'desk01' }) });

    // The first window waits on slow answers while the rest is queued; then answers come quicker.
    peer.delayMs = 1500;
    const texts = new Map<number, string>();
    for (let i = 0; i < MESSAGES; i++) {
      const m = await ok('sms:test', { to: `0912${1000000 + i}` });
      texts.set(m.id, m.bodyRedacted);
    }
    peer.delayMs = 400;
    await expect.poll(() => peer.parts.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(WINDOW + 5);
    server.child.kill('SIGKILL');
    await server.exited;

    const db = connect({ url: null, sqliteFile: path.join(dataDir, 'desk.sqlite') });
    const rows = (await db('sms_outbox').select('id', 'status')) as Array<{ id: number; status: string }>;
    await db.destroy();
    // Claimed (`sending`): handed to the gateway, answered but not yet recorded, or claimed ahead.
    const inFlight = new Set(rows.filter((r) => r.status === 'sending').map((r) => texts.get(r.id)!));
    expect(rows).toHaveLength(MESSAGES);
    expect(inFlight.size).toBeGreaterThan(0); // the kill really hit messages in flight…
    expect(rows.filter((r) => r.status === 'sent').length).toBeLessThan(MESSAGES); // …with more still to go

    peer.delayMs = 0;
    server = await startServer(dataDir);
    const again = await staffClient(server);
    await ok('app:status', {}).catch(() => undefined); // the old session died with the process
    await again('staff:login', SUPERVISOR);
    await expect.poll(async () => (await again('outbox:list', { state: 'sent' })).total, { timeout: 30_000 }).toBe(MESSAGES);

    const received = peer.messages().map((m) => m.text);
    const counts = new Map<string, number>();
    for (const t of received) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const t of texts.values()) expect(counts.get(t), t).toBeGreaterThanOrEqual(1); // nothing lost
    const repeated = [...counts].filter(([, n]) => n > 1).map(([t]) => t);
    for (const t of repeated) expect(inFlight.has(t), t).toBe(true);
    for (const t of repeated) expect(counts.get(t)).toBe(2);
    expect(repeated.length).toBeLessThanOrEqual(WINDOW);
    expect(received.length).toBe(MESSAGES + repeated.length);

    const audit = await again('audit:list', { action: 'sms.requeued' });
    // Requeued, or recorded as sent from the accepted log (answered before the kill): all of them.
    const [requeued] = audit.items.map((e) => JSON.parse(e.details) as { count: number; acceptedBeforeStop?: number });
    expect(audit.items).toHaveLength(1);
    expect(requeued!.count + (requeued!.acceptedBeforeStop ?? 0)).toBe(inFlight.size);
    // The gateway password is sealed: not in the database file, not in the log.
    expect(readFileSync(path.join(dataDir, 'desk.sqlite')).includes(Buffer.from(SMPP_PASSWORD))).toBe(false);
    expect(readFileSync(path.join(dataDir, 'logs', 'main.log'), 'utf8')).not.toContain(SMPP_PASSWORD);
  });
});
