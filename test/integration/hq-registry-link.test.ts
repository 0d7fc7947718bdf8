import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHq } from '../../hq/cli';
import { readRegistryState } from '../../src-main/db/hq-registry.repo';
import { importRegistryFile } from '../../src-main/services/hq-registry.service';
import { SYSTEM_ACTOR } from '../../src-main/services/env';
import { thisStation } from '../../src-main/services/station-identity.service';
import { nationalCode, setUpBranch, useAppStarter, type TestApp } from '../helpers/app';
import { registrationInput } from '../helpers/desk-flow';
import { captureIo, useHqCluster } from '../helpers/hq';
import { startServe } from '../helpers/hq-serve';
import { makeTestCert } from '../helpers/tls';
import { pgSkipReason } from '../helpers/pg';

/**
 * Issue 9 item 4: "branch B refuses a national code registered at branch A after B pulls the
 * registry, also after B loses its line" — two branch desks and a real `npm run hq -- serve`
 * process (HTTPS, an openssl certificate, PostgreSQL), each its own process or database; then the
 * path of a branch with no line: headquarters' own `registry-export` file imported at a third.
 */
const skip = pgSkipReason();

describe.skipIf(skip !== null)("REG-5 across branches through headquarters' registry (a real hq serve)", () => {
  const { hqWith } = useHqCluster();
  const start = useAppStarter();

  /** A branch desk (sample branch `index`), its station registered at headquarters, the link set to it. */
  async function branchDesk(index: number, link: { url: string; caPem: string; hqKeyText: string }, register: (slip: string) => Promise<unknown>) {
    const app = await start();
    const desk = await setUpBranch(app, { branchIndex: index, stationNumber: 10 + index });
    const slip = await app.ok(desk.supervisor, 'hq:station-slip', {});
    await register(slip.slipText);
    await app.ok(desk.supervisor, 'hq:link-settings-save', link);
    const here = await thisStation(app.ctx.env);
    return { app, ...desk, branchCode: here!.branch.code, branchName: here!.branch.name };
  }
  const register = async (d: { app: TestApp; clerk: Parameters<TestApp['call']>[0]; branchId: number }, code: string) =>
    d.app.call(d.clerk, 'accounts:register', await registrationInput({ app: d.app, clerk: d.clerk, branchId: d.branchId }, { nationalCode: code }));

  it('REG-5: B refuses a national code registered at A once B has pulled the registry, and still after B loses its line', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hq-registry-link-'));
    const cert = makeTestCert(dir);
    const keyFile = path.join(dir, 'hq-signing.key');
    const keygen = captureIo();
    expect(await runHq(['keygen', '--out', keyFile], keygen)).toBe(0);
    const hqKeyText = keygen.stdout.split('\n').find((l) => l.startsWith('hq-key/1;'))!;
    const hq = await hqWith();
    const served = await startServe(['--database-url', hq.url, '--hq-key', keyFile, '--host', '127.0.0.1', '--tls-cert', cert.certFile, '--tls-key', cert.keyFile]);
    try {
      const link = { url: served.url, caPem: cert.certPem, hqKeyText };
      const a = await branchDesk(0, link, (slip) => hq.register(slip));
      const b = await branchDesk(1, link, (slip) => hq.register(slip));
      expect(a.branchCode).not.toBe(b.branchCode);

      const code = nationalCode('246813579');
      expect((await register(a, code)).ok).toBe(true);
      // A's link pushes the registration (acknowledged), and pulls the registry after it.
      await a.app.ctx.hqLink.runOnce();
      expect((await a.app.ctx.hqLink.status()).behindEntries).toBe(0);
      // B's link pass reaches headquarters and pulls the registry down.
      await b.app.ctx.hqLink.runOnce();
      const pulled = await readRegistryState(b.app.ctx.db);
      expect(pulled).toMatchObject({ source: 'link' });
      expect(pulled.version).toBeGreaterThan(0);
      const r = await register(b, code);
      expect(r.ok === false && r.error.code).toBe('REGISTERED_ELSEWHERE');
      expect(r.ok === false && r.error.details).toMatchObject({ branchCode: a.branchCode });
      expect(r.ok === false && r.error.message).toContain(a.branchName);
      // At A itself the same person is a local duplicate, not "elsewhere".
      const atA = await register(a, code);
      expect(atA.ok === false && atA.error.code).toBe('DUPLICATE_ACCOUNT');

      // The branch with no line: headquarters' own export file, imported at a third branch.
      const file = path.join(dir, 'registry.json');
      expect(await runHq(['registry-export', '--hq-key', keyFile, '--out', file, '--database-url', hq.url], captureIo())).toBe(0);
      const c = await branchDesk(2, link, (slip) => hq.register(slip));
      const imported = await importRegistryFile(c.app.ctx.env, SYSTEM_ACTOR, readFileSync(file, 'utf8'));
      expect(imported.version).toBe(pulled.version);
      const atC = await register(c, code);
      expect(atC.ok === false && atC.error.code).toBe('REGISTERED_ELSEWHERE');

      // B loses its line: the receiver is killed. B keeps working (a person headquarters does not
      // know registers), its link goes offline trying to push that, and the stored copy still refuses.
      // kill -9 of the receiver itself (`npm run hq` runs the command in its own process).
      served.child.kill('SIGKILL');
      await served.exited;
      expect((await register(b, nationalCode('135792468'))).ok).toBe(true);
      await b.app.ctx.hqLink.runOnce();
      expect((await b.app.ctx.hqLink.status()).state).toBe('offline');
      const offline = await register(b, code);
      expect(offline.ok === false && offline.error.code).toBe('REGISTERED_ELSEWHERE');
    } finally {
      await served.stop();
    }
  }, 180_000);
});
