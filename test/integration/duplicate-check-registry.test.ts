import { describe, expect, it } from 'vitest';
import { toPersianDigits } from '../../shared/text/digits';
import { thisStation } from '../../src-main/services/station-identity.service';
import { nationalCode, setUpBranch } from '../helpers/app';
import { registrationInput } from '../helpers/desk-flow';
import { ENGINES, useEngine } from '../helpers/engines';
import { entry, hqKey, pinHqKey, registryFileText, registryPage } from '../helpers/registry';

/**
 * Issue 12 item 5 with issue 9: the early duplicate check also says what registration would refuse
 * as REGISTERED_ELSEWHERE — a username live at another branch in the copy of headquarters'
 * registry — with its date and branch only, audited like a lookup. On SQLite and on PostgreSQL.
 */
const AT_VANAK = '1002'; // the sample branch «شعبهٔ ۲ تهران (ونک)»

describe.each(ENGINES)('accounts:check-duplicate against headquarters’ registry on %s', (_name, postgres) => {
  const { start, skipHere } = useEngine(postgres);

  it.skipIf(skipHere)(
    'REG-5 early across branches: live at another branch is "elsewhere" with date and branch only; voided there, or at this branch, is free; the check is audited',
    async () => {
      const app = await start();
      const { supervisor, clerk, branchId } = await setUpBranch(app);
      const key = hqKey();
      await pinHqKey(app, supervisor, key);
      const here = (await thisStation(app.ctx.env))!.branch.code;
      const live = nationalCode('623456789');
      const voided = nationalCode('723456789');
      const ours = nationalCode('823456789');
      const text = registryFileText([
        registryPage(key, [
          entry(live, AT_VANAK, 1, { registeredAt: '2026-10-01T07:30:00.000Z' }),
          entry(voided, AT_VANAK, 2, { active: false }),
          entry(ours, here, 3, { station: 7 }),
        ]),
      ]);
      const { uploadId } = await app.ok(supervisor, 'registry:upload', { uploadId: null, chunk: text });
      await app.ok(supervisor, 'registry:import', { uploadId });

      const found = await app.ok(clerk, 'accounts:check-duplicate', { username: live });
      expect(found).toEqual({ state: 'elsewhere', registeredAt: '2026-10-01T07:30:00.000Z', branchName: `شعبهٔ ۲ تهران (ونک) (کد ${toPersianDigits(AT_VANAK)})` });
      // What the early check says is what registration refuses.
      const refused = await app.call(clerk, 'accounts:register', await registrationInput({ app, clerk, branchId }, { nationalCode: live }));
      expect(refused.ok === false && refused.error.code).toBe('REGISTERED_ELSEWHERE');
      for (const free of [voided, ours]) expect(await app.ok(clerk, 'accounts:check-duplicate', { username: free })).toEqual({ state: 'free' });

      const entries = await app.ctx.db('audit_log').where({ action: 'account.duplicate-check' }).orderBy('id');
      expect(entries).toHaveLength(3);
      expect(entries[0]).toMatchObject({ actor_name: 'reza.clerk', subject_type: null, subject_id: null });
      expect(JSON.parse(String(entries[0]!.details))).toEqual({ kind: 'nationalCode', found: true, branchCode: AT_VANAK });
      expect(JSON.parse(String(entries[1]!.details))).toEqual({ kind: 'nationalCode', found: false });
      expect(entries.map((e) => String(e.details)).join()).not.toContain(live.slice(2, 8));
    },
  );
});
