import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { conflictsCommand } from '../../hq/commands/conflicts.command';
import { verifyAudit } from '../../src-main/services/audit.service';
import { exportJournal } from '../../src-main/services/journal-export.service';
import { SUPERVISOR, setUpBranch, startTestApp, type TestApp } from '../helpers/app';
import { registerCitizen } from '../helpers/desk-flow';
import { captureIo, useHqCluster } from '../helpers/hq';
import { runJournaledFlow } from '../helpers/journal-flow';
import { pgSkipReason } from '../helpers/pg';
import { CLI_ENTRY, ensureBuilt, ROOT } from '../helpers/server-process';

/**
 * Issue 8 item 6, end to end with real parts: real branch databases (SQLite) worked through the
 * router, their journal exported by the desk's own `export-journal`, carried to headquarters and
 * taken in by `npm run hq` on a real PostgreSQL; then the acknowledgement taken back by
 * `import-ack`. And a branch whose audit tail is cut and `audit_head` rewritten — which the
 * branch's own verify-audit cannot see — caught by headquarters at the next ingest.
 */

const skip = pgSkipReason();
const SUPERVISOR_ACTOR = { type: 'staff' as const, id: 1, name: 'sara.supervisor' };

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1' };
  for (const [k, v] of Object.entries(process.env)) if (k !== 'DATABASE_URL' && !k.startsWith('DESK_')) env[k] = v;
  return env;
}
const desk = (...args: string[]) => spawnSync(process.execPath, [CLI_ENTRY, ...args], { cwd: ROOT, encoding: 'utf8', env: cleanEnv(), timeout: 120_000 });
const hq = (url: string, ...args: string[]) =>
  spawnSync(process.execPath, ['scripts/hq.mjs', ...args, '--database-url', url], { cwd: ROOT, encoding: 'utf8', env: cleanEnv(), timeout: 120_000 });

describe.skipIf(skip !== null)('branch export → headquarters ingest (real SQLite branches, real PostgreSQL)', () => {
  const { cluster, hqWith } = useHqCluster();
  const cleanup: string[] = [];
  afterAll(() => {
    for (const d of cleanup) rmSync(d, { recursive: true, force: true });
  });
  const usb = () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'hq-usb-'));
    cleanup.push(d);
    return d;
  };
  const slipOf = async (app: TestApp, supervisor: Parameters<TestApp['ok']>[0]) => (await app.ok(supervisor, 'hq:station-slip', {})).slipText;

  it('two branches working apart: export-journal → hq ingest → one conflict line; twice changes nothing; acks go back by import-ack', async () => {
    ensureBuilt('export-journal');
    // Branch A: the whole counter flow (every kind of change). Branch B: the same citizen, elsewhere.
    const a = await startTestApp();
    const flow = await runJournaledFlow(a);
    const supervisorA = a.staffSession();
    await a.ok(supervisorA, 'staff:login', SUPERVISOR);
    const slipA = await slipOf(a, supervisorA);
    const b = await startTestApp();
    const deskB = await setUpBranch(b, { branchIndex: 1, stationNumber: 8 });
    await registerCitizen({ app: b, ...deskB }, '001234567');
    const slipB = await slipOf(b, deskB.supervisor);
    await a.ctx.close();
    await b.ctx.close();
    cleanup.push(a.dataDir, b.dataDir);

    const stick = usb();
    for (const app of [a, b]) {
      const r = desk('export-journal', '--out', stick, '--data-dir', app.dataDir);
      expect(r.status, r.stderr).toBe(0);
    }
    const url = await cluster().createDatabase();
    expect(hq(url, 'migrate').status).toBe(0);
    for (const slip of [slipA, slipB]) expect(hq(url, 'register-station', slip).status).toBe(0);
    const ingest = hq(url, 'ingest', stick);
    expect(ingest.stderr).toBe('');
    expect(ingest.status).toBe(0);
    expect(ingest.stdout).toMatch(/batches: 2 accepted \(\d+ entries\), 0 already ingested, 0 refused/);

    const conflicts = hq(url, 'conflicts');
    const lines = conflicts.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('1 conflict line(s)');
    expect(lines.filter((l) => l.startsWith('ACCOUNT_AT_TWO_BRANCHES'))).toHaveLength(1);
    expect(lines.find((l) => l.startsWith('ACCOUNT_AT_TWO_BRANCHES'))).toContain(flow.citizen);
    expect(hq(url, 'verify').stdout).toMatch(/^ok: 2 stations, 2 batches, \d+ entries checked\n$/);

    const again = hq(url, 'ingest', stick);
    expect(again.stdout).toContain('2 batches: 0 accepted (0 entries), 2 already ingested, 0 refused');

    const acks = readdirSync(stick).filter((f) => f.startsWith('ack-'));
    expect(acks).toHaveLength(2);
    for (const [app, ack] of [
      [a, acks.find((f) => f.includes('-07-'))!],
      [b, acks.find((f) => f.includes('-08-'))!],
    ] as const) {
      const r = desk('import-ack', path.join(stick, ack), '--data-dir', app.dataDir);
      expect(r.status, r.stderr).toBe(0);
    }
    // Acknowledged: nothing is left to export.
    const empty = usb();
    expect(desk('export-journal', '--out', empty, '--data-dir', a.dataDir).status).toBe(0);
    expect(readdirSync(empty).filter((f) => f.endsWith('.manifest.json'))).toEqual([]);
  }, 240_000);

  it("a branch's audit tail deleted and audit_head rewritten is detected at the next ingest (verify-audit at the branch passes)", async () => {
    const app = await startTestApp();
    cleanup.push(app.dataDir);
    const d = await setUpBranch(app);
    await registerCitizen({ app, ...d }, '001234567');
    await registerCitizen({ app, ...d }, '001234568');
    const central = await hqWith();
    await central.register(await slipOf(app, d.supervisor));
    const first = usb();
    await exportJournal(app.ctx.env, SUPERVISOR_ACTOR, first, {});
    expect((await central.ingest(first)).exitCode).toBe(0);

    // Someone with the database file: cut the audit chain's last three entries, point audit_head
    // back at what is left, and work on as if nothing happened.
    const db = app.ctx.db;
    const head = await db('audit_log').max<{ top: number }>('id as top').first();
    const keep = Number(head!.top) - 3;
    const kept = await db('audit_log').where({ id: keep }).first<{ hash: string }>();
    await db.raw('DROP TRIGGER audit_log_no_delete');
    await db('audit_log').where('id', '>', keep).delete();
    await db('audit_head').update({ last_id: keep, last_hash: kept!.hash });
    expect((await verifyAudit(db, app.ctx.env.keys.key('audit'))).ok).toBe(true);
    await registerCitizen({ app, ...d }, '001234569');

    const second = usb();
    await exportJournal(app.ctx.env, SUPERVISOR_ACTOR, second, {});
    const r = await central.ingest(second);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/REFUSED .*: AUDIT_ANCHOR_BACKWARDS: /);
    const lines = await conflictsCommand(central.client, undefined, captureIo());
    expect(lines.map((l) => l.type)).toEqual(['AUDIT_ANCHOR_BACKWARDS']);
    await app.close();
  }, 120_000);
});
