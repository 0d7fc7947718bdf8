import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHq } from '../../hq/cli';
import {
  type JournalEntry,
  type RegistryDelta,
  type RegistryPage,
  RegistryFileSchema,
  RegistryPageSchema,
  parseRegistryDeltaText,
} from '../../shared/journal';
import { captureIo } from '../helpers/hq';
import { getRegistry, request } from '../helpers/hq-serve';
import { codes, useServedHq } from '../helpers/hq-served';
import { TestStation, nationalCode } from '../helpers/journal-batches';
import { pgSkipReason } from '../helpers/pg';

/**
 * Issue 9 (LINK-PROTOCOL.md): the registry headquarters serves to branches from a real
 * `npm run hq -- serve` process over HTTPS on real PostgreSQL: signed pages chained by version,
 * read only by registered stations, and the same pages written to a file for a branch with no line.
 */

const skip = pgSkipReason();
const voided = (st: TestStation, code: string, at = '2026-12-02T08:00:00.000Z'): JournalEntry =>
  st.change({
    kind: 'account.voided',
    record: { type: 'account', id: code },
    state: { status: 'voided', username: code, kind: 'citizen', branchCode: st.branch },
    at,
    actor: `supervisor${st.station}`,
  } as JournalEntry);

describe.skipIf(skip !== null)('hq serve (a real receiver process, HTTPS, PostgreSQL)', () => {
  const { ctx, station, send, verifiedByHq } = useServedHq();
  const { dir } = ctx;

  describe('the registry', () => {
    /** Every page from `since` with `limit`, each verified against headquarters' key. */
    async function pull(st: TestStation, since: number, limit?: number): Promise<RegistryDelta[]> {
      const deltas: RegistryDelta[] = [];
      for (let v = since; ; ) {
        const r = await getRegistry(ctx.served.url, st, v, { limit, ca: ctx.cert.certPem });
        expect(r.status).toBe(200);
        const page = RegistryPageSchema.parse(r.json);
        expect(verifiedByHq(page.delta, page.signature)).toBe(true);
        const d = parseRegistryDeltaText(page.delta);
        if (!d.ok) throw new Error(d.problem);
        expect(d.value.fromVersion).toBe(v);
        deltas.push(d.value);
        v = d.value.toVersion;
        if (!d.value.hasMore) return deltas;
      }
    }
    const top = async () => Number((await ctx.hq.client.query('SELECT coalesce(max(version), 0) AS v FROM hq_registry')).rows[0].v);

    it('first branch wins; pages are signed, chain by version, and hasMore pages through everything', async () => {
      const a = await station('3333', 1);
      const b = await station('4444', 1);
      const start = await top();
      expect((await send(a, a.registrations(codes(300, 3), { at: '2026-12-01T08:00:00.000Z' }))).status).toBe(200);
      expect((await send(b, b.registrations([nationalCode(302), nationalCode(303)], { at: '2026-12-01T09:00:00.000Z' }))).status).toBe(200);
      const [whole] = await pull(a, start);
      expect(whole!.hasMore).toBe(false);
      const mine = whole!.entries.map(({ username, branch, station: s, active }) => ({ username, branch, station: s, active }));
      expect(mine).toEqual([
        { username: nationalCode(300), branch: '3333', station: 1, active: true },
        { username: nationalCode(301), branch: '3333', station: 1, active: true },
        { username: nationalCode(302), branch: '3333', station: 1, active: true },
        { username: nationalCode(303), branch: '4444', station: 1, active: true },
      ]);
      expect(whole!.entries.map((e) => e.version)).toEqual([start + 1, start + 2, start + 3, start + 4]);
      const paged = await pull(b, start, 1);
      expect(paged.map((d) => [d.entries.length, d.hasMore])).toEqual([[1, true], [1, true], [1, true], [1, false]]);
      expect(paged.flatMap((d) => d.entries)).toEqual(whole!.entries);
      const nothing = await pull(a, whole!.toVersion);
      expect(nothing).toMatchObject([{ fromVersion: whole!.toVersion, toVersion: whole!.toVersion, entries: [] }]);
    });

    it('a void flips active with a new version; a branch where it is live, or registers it later, takes over a voided username', async () => {
      const a = await station('5555', 1);
      const b = await station('6666', 1);
      const [solo, shared] = [nationalCode(500), nationalCode(501)];
      await send(a, a.registrations([solo, shared]));
      await send(b, b.registrations([shared], { at: '2026-12-01T10:00:00.000Z' }));
      const start = await top();
      expect((await send(a, [voided(a, solo), voided(a, shared)])).status).toBe(200);
      const [d] = await pull(a, start);
      expect(d!.entries.map(({ username, branch, active }) => ({ username, branch, active }))).toEqual([
        { username: solo, branch: '5555', active: false },
        { username: shared, branch: '6666', active: true },
      ]);
      expect(d!.entries[0]!.version).toBeGreaterThan(start);
      // Registered again at another branch after the void there: that branch takes the row.
      const before = await top();
      await send(b, b.registrations([solo], { at: '2026-12-02T10:00:00.000Z' }));
      const [again] = await pull(b, before);
      expect(again!.entries).toMatchObject([{ username: solo, branch: '6666', active: true, registeredAt: '2026-12-02T10:00:00.000Z', version: before + 1 }]);
      // A change that leaves the registry as it is takes no version.
      const after = await top();
      await send(b, [b.change({ kind: 'account.contact-changed', record: { type: 'account', id: shared }, state: { status: 'active', username: shared, kind: 'citizen', branchCode: '6666' }, at: '2026-12-02T09:00:00.000Z', actor: 'clerk1' } as JournalEntry)]);
      expect(await top()).toBe(after);
    });

    it('only a registered station, signing path and time within 5 minutes, may read it (401 with the code)', async () => {
      const st = await station('7777', 1);
      expect((await getRegistry(ctx.served.url, st, 0, { ca: ctx.cert.certPem })).status).toBe(200);
      const stranger = new TestStation('7777', 2);
      expect((await getRegistry(ctx.served.url, stranger, 0, { ca: ctx.cert.certPem })).json).toMatchObject({ status: 'refused', refusal: { code: 'UNKNOWN_STATION' } });
      const otherSince = await getRegistry(ctx.served.url, st, 0, { sinceText: '1', ca: ctx.cert.certPem });
      expect(otherSince).toMatchObject({ status: 401, json: { refusal: { code: 'BAD_SIGNATURE' } } });
      const old = new Date(Date.now() - 6 * 60_000).toISOString();
      expect((await getRegistry(ctx.served.url, st, 0, { time: old, ca: ctx.cert.certPem })).json).toMatchObject({ refusal: { code: 'STALE_REQUEST' } });
      expect((await request(ctx.served.url, { path: '/v1/registry?since=0', ca: ctx.cert.certPem })).status).toBe(401);
      for (const q of ['since=-1', 'since=01', 'since=x', 'since=0&limit=0', 'since=0&limit=50001', '']) {
        expect((await request(ctx.served.url, { path: `/v1/registry?${q}`, ca: ctx.cert.certPem })).status).toBe(400);
      }
    });

    it('registry-export writes every page signed, chained from --since, readable by the file schema', async () => {
      const out = path.join(dir, 'registry.json');
      const io = captureIo();
      expect(await runHq(['registry-export', '--hq-key', ctx.keyFile, '--out', out, '--database-url', ctx.hq.url], io)).toBe(0);
      const file = RegistryFileSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
      let version = 0;
      const all = [];
      for (const page of file.pages as RegistryPage[]) {
        expect(verifiedByHq(page.delta, page.signature)).toBe(true);
        const d = parseRegistryDeltaText(page.delta);
        if (!d.ok) throw new Error(d.problem);
        expect(d.value.fromVersion).toBe(version);
        version = d.value.toVersion;
        all.push(...d.value.entries);
      }
      expect(version).toBe(await top());
      expect(all).toHaveLength(Number((await ctx.hq.client.query('SELECT count(*) AS n FROM hq_registry')).rows[0].n));
      expect(io.stdout).toContain(`versions 0–${version}`);
      const later = path.join(dir, 'later.json');
      expect(await runHq(['registry-export', '--hq-key', ctx.keyFile, '--out', later, '--since', String(version - 2), '--database-url', ctx.hq.url], captureIo())).toBe(0);
      const tail = RegistryFileSchema.parse(JSON.parse(readFileSync(later, 'utf8')));
      expect(tail.pages).toHaveLength(1);
      const d = parseRegistryDeltaText(tail.pages[0]!.delta);
      expect(d.ok && d.value.entries.map((e) => e.version)).toEqual([version - 1, version]);
      const noKey = captureIo();
      expect(await runHq(['registry-export', '--out', path.join(dir, 'x.json'), '--database-url', ctx.hq.url], noKey)).toBe(1);
      expect(noKey.stderr).toContain('--hq-key');
      expect(existsSync(path.join(dir, 'x.json'))).toBe(false);
    });

    it('registry-export: the file is readable by its owner only; --out naming a folder is refused and leaves no temporary file (reported defects)', async () => {
      const out = path.join(dir, 'owner-only.json');
      expect(await runHq(['registry-export', '--hq-key', ctx.keyFile, '--out', out, '--database-url', ctx.hq.url], captureIo())).toBe(0);
      expect(statSync(out).mode & 0o777).toBe(0o600);
      const folder = path.join(dir, 'a-folder');
      mkdirSync(folder);
      const before = readdirSync(dir).sort();
      const io = captureIo();
      expect(await runHq(['registry-export', '--hq-key', ctx.keyFile, '--out', folder, '--database-url', ctx.hq.url], io)).toBe(1);
      expect(io.stderr).toContain(`cannot write ${folder}`);
      expect(readdirSync(dir).sort()).toEqual(before);
    });
  });
});
