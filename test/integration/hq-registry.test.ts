import { sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Output } from '../../shared/contract';
import { REGISTRY_UPLOAD_CHUNK_CHARS } from '../../shared/contract/registry.contract';
import type { Envelope } from '../../shared/envelope';
import { makeForeignId } from '../../shared/identifiers/foreign-id';
import { toPersianDigits } from '../../shared/text/digits';
import { readRegistryState } from '../../src-main/db/hq-registry.repo';
import { thisStation } from '../../src-main/services/station-identity.service';
import { nationalCode, setUpBranch, useAppStarter, type StartOptions, type TestApp } from '../helpers/app';
import { FOREIGN_HOLDER, registrationInput } from '../helpers/desk-flow';
import { pgSkipReason, startPg, type PgCluster } from '../helpers/pg';
import { entry, hqKey, pinHqKey, registryFileText, registryPage, type HqKey } from '../helpers/registry';

/**
 * Issue 9 item 3: headquarters' registry at the branch. A registry file (the path of a branch
 * with no line) is verified page by page with the pinned headquarters key and applied all or
 * nothing; registration then refuses a username live at another branch (REGISTERED_ELSEWHERE,
 * naming it), from the stored copy, with no line at all. On SQLite and on PostgreSQL.
 */
const pgSkip = pgSkipReason();
const engines: Array<[string, boolean]> = [
  ['SQLite', false],
  ['PostgreSQL', true],
];

const AT_VANAK = '1002'; // the sample branch «شعبهٔ ۲ تهران (ونک)»
const UNLISTED = '9001'; // a branch code the branch list does not have

describe.each(engines)("headquarters' registry at the branch on %s", (_name, postgres) => {
  let cluster: PgCluster | undefined;
  beforeAll(async () => {
    if (postgres && pgSkip === null) cluster = await startPg();
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  const start = useAppStarter();
  const skipHere = postgres && pgSkip !== null;

  /** The first sample branch in the list (not 1002), station 7, with headquarters' key pinned. */
  async function branch(pin = true): Promise<{ app: TestApp; key: HqKey; code: string } & Awaited<ReturnType<typeof setUpBranch>>> {
    const opts: StartOptions = postgres ? { databaseUrl: await cluster!.createDatabase() } : {};
    const app = await start(opts);
    const desk = await setUpBranch(app);
    const key = hqKey();
    if (pin) await pinHqKey(app, desk.supervisor, key);
    const here = await thisStation(app.ctx.env);
    expect(here!.branch.code).not.toBe(AT_VANAK);
    return { app, key, code: here!.branch.code, ...desk };
  }

  /** The supervisor's import through the contract, in pieces as the screen sends them. */
  async function importFile(d: Awaited<ReturnType<typeof branch>>, text: string): Promise<Envelope<Output<'registry:import'>>> {
    let uploadId: string | null = null;
    for (let at = 0; at < text.length; at += REGISTRY_UPLOAD_CHUNK_CHARS) {
      const r: Envelope<Output<'registry:upload'>> = await d.app.call(d.supervisor, 'registry:upload', { uploadId, chunk: text.slice(at, at + REGISTRY_UPLOAD_CHUNK_CHARS) });
      if (!r.ok) return r;
      uploadId = r.data.uploadId;
    }
    return d.app.call(d.supervisor, 'registry:import', { uploadId: uploadId! });
  }
  const registerCode = async (d: Awaited<ReturnType<typeof branch>>, code: string) =>
    d.app.call(d.clerk, 'accounts:register', await registrationInput({ app: d.app, clerk: d.clerk, branchId: d.branchId }, { nationalCode: code }));
  const rows = async (app: TestApp, table: string) => Number((await app.ctx.db(table).count({ n: '*' }))[0]!.n);

  it.skipIf(skipHere)('REG-5 across branches: a national code live at another branch is refused with REGISTERED_ELSEWHERE, naming the branch from the list', async () => {
    const d = await branch();
    const code = nationalCode('123456789');
    const imported = await importFile(d, registryFileText([registryPage(d.key, [entry(code, AT_VANAK, 1)])]));
    expect(imported.ok && imported.data.applied).toMatchObject({ version: 1, previousVersion: 0, pages: 1, entries: 1 });

    const r = await registerCode(d, code);
    expect(r.ok === false && r.error.code).toBe('REGISTERED_ELSEWHERE');
    if (r.ok) return;
    expect(r.error.details).toMatchObject({ branchCode: AT_VANAK });
    expect(r.error.message).toContain('شعبهٔ ۲ تهران (ونک)');
    expect(r.error.message).toContain(toPersianDigits(AT_VANAK));
    expect(r.error.message).not.toMatch(/\{|\}/);
    expect(await rows(d.app, 'accounts')).toBe(0);
  });

  it.skipIf(skipHere)('REG-5 across branches: a branch the list does not know is named by its code, in Persian digits', async () => {
    const d = await branch();
    const code = nationalCode('223456789');
    await importFile(d, registryFileText([registryPage(d.key, [entry(code, UNLISTED, 1)])]));
    const r = await registerCode(d, code);
    expect(r.ok === false && r.error.code).toBe('REGISTERED_ELSEWHERE');
    expect(r.ok === false && r.error.message).toContain(`کد ${toPersianDigits(UNLISTED)}`);
  });

  it.skipIf(skipHere)('REG-5 still lets through a username headquarters does not know, one voided at the other branch, and one registered at this branch', async () => {
    const d = await branch();
    const voided = nationalCode('323456789');
    const ours = nationalCode('423456789');
    const unknown = nationalCode('523456789');
    await importFile(d, registryFileText([registryPage(d.key, [entry(voided, AT_VANAK, 1, { active: false }), entry(ours, d.code, 2, { station: 7 })])]));
    for (const code of [voided, ours, unknown]) expect(await registerCode(d, code)).toMatchObject({ ok: true });
  });

  it.skipIf(skipHere)('a tampered page is refused (REGISTRY_BAD_SIGNATURE) and nothing of the file is applied; the refusal is audited', async () => {
    const d = await branch();
    const good = registryPage(d.key, [entry(nationalCode('623456789'), AT_VANAK, 1)], { hasMore: true });
    const second = registryPage(d.key, [entry(nationalCode('723456789'), AT_VANAK, 2)], { fromVersion: 1 });
    const tampered = { ...second, delta: second.delta.replace(`"branch":"${AT_VANAK}"`, '"branch":"1003"') };
    expect(tampered.delta).not.toBe(second.delta);
    const r = await importFile(d, registryFileText([good, tampered]));
    expect(r.ok === false && r.error.code).toBe('REGISTRY_BAD_SIGNATURE');
    expect(r.ok === false && r.error.details).toMatchObject({ page: 2 });
    expect(r.ok === false && r.error.message).toContain('۲');
    expect(await rows(d.app, 'hq_registry')).toBe(0);
    expect((await readRegistryState(d.app.ctx.db)).version).toBe(0);
    expect(await d.app.ctx.db('audit_log').where({ action: 'registry.refused' }).count({ n: '*' })).toEqual([{ n: postgres ? '1' : 1 }]);
    // The person can still register: nothing of the refused file counts.
    expect((await registerCode(d, nationalCode('623456789'))).ok).toBe(true);
  });

  it.skipIf(skipHere)('a page signed by another key, and any file while no key is pinned, are refused', async () => {
    const d = await branch();
    const stranger = hqKey();
    const r = await importFile(d, registryFileText([registryPage(stranger, [entry(nationalCode('823456789'), AT_VANAK, 1)])]));
    expect(r.ok === false && r.error.code).toBe('REGISTRY_BAD_SIGNATURE');
    expect(await rows(d.app, 'hq_registry')).toBe(0);
    const unpinned = await branch(false);
    const none = await importFile(unpinned, registryFileText([registryPage(unpinned.key, [entry(nationalCode('823456789'), AT_VANAK, 1)])]));
    expect(none.ok === false && none.error.code).toBe('HQ_KEY_NOT_SET');
    expect(await rows(unpinned.app, 'hq_registry')).toBe(0);
  });

  it.skipIf(skipHere)('pages chain by version: a gap is refused with nothing applied; a repeat or an older file never goes back', async () => {
    const d = await branch();
    const a = nationalCode('923456789');
    const b = nationalCode('133456789');
    const full = registryFileText([registryPage(d.key, [entry(a, AT_VANAK, 1), entry(b, AT_VANAK, 2)])]);
    expect((await importFile(d, full)).ok).toBe(true);
    // A delta from version 5 while the copy is at 2: the changes 3..5 are missing.
    const gap = await importFile(d, registryFileText([registryPage(d.key, [entry(a, AT_VANAK, 6, { active: false })], { fromVersion: 5 })]));
    expect(gap.ok === false && gap.error.code).toBe('REGISTRY_GAP');
    expect(gap.ok === false && gap.error.message).toContain('۵');
    // Pages that do not follow each other inside one file: refused, the first page not applied either.
    const broken = await importFile(
      d,
      registryFileText([
        registryPage(d.key, [entry(a, AT_VANAK, 3, { active: false })], { fromVersion: 2, hasMore: true }),
        registryPage(d.key, [entry(b, AT_VANAK, 5, { active: false })], { fromVersion: 4 }),
      ]),
    );
    expect(broken.ok === false && broken.error.code).toBe('REGISTRY_GAP');
    expect((await registerCode(d, a)).ok === false).toBe(true);
    // The next delta applies: `a` was voided at the other branch, so it may register here now.
    const next = await importFile(d, registryFileText([registryPage(d.key, [entry(a, AT_VANAK, 3, { active: false })], { fromVersion: 2 })]));
    expect(next.ok && next.data.applied).toMatchObject({ previousVersion: 2, version: 3 });
    // The old full file again: nothing goes back (a is still voided there, the version stays 3).
    const again = await importFile(d, full);
    expect(again.ok && again.data.applied.version).toBe(3);
    expect((await registerCode(d, a)).ok).toBe(true);
    const stillRefused = await registerCode(d, b);
    expect(stillRefused.ok === false && stillRefused.error.code).toBe('REGISTERED_ELSEWHERE');
  });

  it.skipIf(skipHere)('a file that is not a registry file, or any bytes, is refused with REGISTRY_INVALID', async () => {
    const d = await branch();
    for (const text of ['not json', '{}', '{"format":"hq-registry-file/1","pages":[]}', JSON.stringify({ format: 'hq-registry-file/1', pages: [{ delta: '{', signature: 'AAAA' }] }), '\u0000\uFFFF']) {
      const r = await importFile(d, text);
      expect([text, r.ok === false && r.error.code]).toEqual([text, expect.stringMatching(/^REGISTRY_(INVALID|BAD_SIGNATURE)$/)]);
    }
    // Signed by headquarters but not a delta: the content check still refuses it.
    const signedJunk = registryPage(d.key, []);
    const junk = { delta: '{"format":"other"}', signature: '' };
    junk.signature = sign(null, Buffer.from(junk.delta), d.key.privateKey).toString('base64');
    const r = await importFile(d, registryFileText([junk]));
    expect(r.ok === false && r.error.code).toBe('REGISTRY_INVALID');
    expect((await importFile(d, registryFileText([signedJunk]))).ok).toBe(true);
  });

  it.skipIf(skipHere)('only a supervisor imports; a clerk sees the age of the copy; an upload is its owner\'s', async () => {
    const d = await branch();
    const byClerk = await d.app.call(d.clerk, 'registry:upload', { uploadId: null, chunk: '{}' });
    expect(byClerk.ok === false && byClerk.error.code).toBe('FORBIDDEN');
    expect(await d.app.ok(d.clerk, 'registry:status', {})).toMatchObject({ version: 0, publishedAt: null, ageHours: null });
    await importFile(d, registryFileText([registryPage(d.key, [entry(nationalCode('143456789'), AT_VANAK, 1)], { publishedAt: '2026-11-23T06:30:00.000Z' })]));
    // The test clock stands at 2026-11-25T06:30Z: headquarters published it 48 hours before.
    expect(await d.app.ok(d.clerk, 'registry:status', {})).toMatchObject({ version: 1, source: 'file', ageHours: 48 });
    const other = d.app.staffSession();
    const up = await d.app.ok(d.supervisor, 'registry:upload', { uploadId: null, chunk: '{}' });
    const foreign = await d.app.call(other, 'registry:import', { uploadId: up.uploadId });
    expect(foreign.ok === false && foreign.error.code).toBe('UNAUTHENTICATED');
  });

  it.skipIf(skipHere)('an identifier number headquarters already knows is not issued again (IDENTIFIER_NUMBER_TAKEN): the station number was used before', async () => {
    const d = await branch();
    const next = makeForeignId(d.code, 7, 1);
    await importFile(d, registryFileText([registryPage(d.key, [entry(next, AT_VANAK, 1, { station: 7 })])]));
    const r = await d.app.call(d.supervisor, 'identifiers:issue', FOREIGN_HOLDER);
    expect(r).toMatchObject({ ok: false, error: { code: "IDENTIFIER_NUMBER_TAKEN" } });
    expect(r.ok === false && r.error.message).toContain('شعبهٔ ۲ تهران (ونک)');
    expect(await rows(d.app, 'foreign_identifiers')).toBe(0);
  });
});
