import { afterEach, describe, expect, it, vi } from 'vitest';
import { claimDue, markSentMany, type OutboxRecord } from '../../src-main/db/outbox.repo';
import { inTx } from '../../src-main/services/env';
import { thisStation } from '../../src-main/services/station-identity.service';
import { SupersedeVet } from '../../src-main/services/outbox-supersede-vet';
import { branchDesk, registerCitizen } from '../helpers/desk-flow';
import { useEngine } from '../helpers/engines';
import type { TestApp } from '../helpers/app';

/** The vet's own questions (its query of the marked claims) on `app`'s database, until stop(). */
function countQuestions(app: TestApp): { readonly questions: number; stop: () => void } {
  let questions = 0;
  const count = (q: { sql: string }) => {
    if (q.sql.startsWith('select "id" from "sms_outbox" where status = \'sending\' and superseded_at is not null')) questions++;
  };
  app.ctx.db.on('query', count);
  return {
    get questions() {
      return questions;
    },
    stop: () => void app.ctx.db.off('query', count),
  };
}

/**
 * REC-4 at counters sharing PostgreSQL, the check's timing (issue 11 item 2): the dispatcher asks
 * which claimed messages were superseded elsewhere, and an answer serves hand-overs only for 20 ms
 * from when it was asked. The next question is asked in the background once the answer in use is
 * half that old, so a hand-over rarely waits — but an answer older than 20 ms is never used, and
 * a reset superseded before a question was asked is in its answer.
 */
describe('REC-4: the supersede check at counters sharing PostgreSQL', () => {
  const { start, skipHere } = useEngine(true);
  afterEach(() => vi.restoreAllMocks());

  it.skipIf(skipHere)('REC-4 an answer serves for 20 ms from its question, the next is asked in the background, and a stale one is never used', async () => {
    const app = await start({ trainingMode: false });
    const desk = await branchDesk(app);
    const { accountId, code } = await registerCitizen(desk, '001234567');
    const reset = () => app.ok(desk.clerk, 'resets:at-counter', { accountId, idDocument: { type: 'national_card', number: code } });
    const smsOf = async (resetId: number) => (await app.ctx.db('password_resets').where({ id: resetId }).first<{ sms_id: number }>())!.sms_id;
    const first = await smsOf((await reset()).resetId);
    // This counter's dispatcher claims the first SMS ahead: it waits \`sending\` for the window.
    const station = (await thisStation(app.ctx.env))!.station.id;
    const claimed = await inTx(app.ctx.env, (tx) => claimDue(tx, app.clock.now().toISOString(), 10, new Set(), station));
    expect(claimed.map((m) => m.id)).toEqual([first]);
    const msg = (id: number) => ({ id }) as OutboxRecord;
    const other = msg(first + 1000); // a message id nobody superseded

    let now = 1_000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const asking = countQuestions(app);
    const vet = new SupersedeVet(app.ctx.env);
    try {
      // No answer yet: the hand-over waits for the first question.
      const asked = vet.elsewhere([msg(first)], [other]);
      expect(asked).toBeInstanceOf(Promise);
      expect([...(await asked!)]).toEqual([]);
      expect(asking.questions).toBe(1);

      // 5 ms later the answer serves at once, with no question.
      now += 5;
      expect(vet.elsewhere([other], [])).toEqual(new Set());
      expect(asking.questions).toBe(1);

      // The person is reset again at another counter: the first SMS is superseded.
      app.clock.advance(121_000);
      await reset();
      // Still claimed (the gateway may have it), and marked on its row for the claiming counter.
      expect(await app.ctx.db('sms_outbox').where({ id: first }).first('status', 'superseded_at')).toEqual({ status: 'sending', superseded_at: app.clock.now().toISOString() });

      // 12 ms after the question: the old answer still serves (it was asked less than 20 ms
      // ago, and knows nothing of the new reset), and the next question starts in the background.
      now += 7;
      const served = vet.elsewhere([msg(first)], [other]);
      expect(served).toEqual(new Set());
      await vi.waitFor(() => expect(asking.questions).toBe(2));

      // 21 ms after the first question: that answer is stale; the background one (asked 9 ms
      // ago, after the new reset) serves, at once, and names the superseded SMS.
      now += 9;
      await vi.waitFor(() => expect(vet.elsewhere([msg(first)], [other])).toEqual(new Set([first])));

      // 11 ms after the background question: its answer serves and asks the next (the third).
      now += 2;
      expect(vet.elsewhere([msg(first)], [other])).toEqual(new Set([first]));
      await vi.waitFor(() => expect(asking.questions).toBe(3));

      // 40 ms on, nothing asked meanwhile: no answer is young enough, the hand-over waits.
      now += 40;
      const late = vet.elsewhere([msg(first)], [other]);
      expect(late).toBeInstanceOf(Promise);
      expect(await late!).toEqual(new Set([first]));
      expect(asking.questions).toBe(4);

      // A message no answer asked about waits for a question of its own, even with a fresh answer.
      const unknown = vet.elsewhere([msg(first + 2000)], []);
      expect(unknown).toBeInstanceOf(Promise);
      await unknown;
      expect(asking.questions).toBe(5);
    } finally {
      asking.stop();
      vet.close();
    }
  });

  it.skipIf(skipHere)('REC-4 a dispatcher commit that records sent messages reads the superseded claims too, and its answer serves the vet for 20 ms without a question', async () => {
    const app = await start({ trainingMode: false });
    const desk = await branchDesk(app);
    const a = await registerCitizen(desk, '001234567');
    const b = await registerCitizen(desk, '001234568');
    const reset = (p: { accountId: number; code: string }) => app.ok(desk.clerk, 'resets:at-counter', { accountId: p.accountId, idDocument: { type: 'national_card', number: p.code } });
    const smsOf = async (resetId: number) => (await app.ctx.db('password_resets').where({ id: resetId }).first<{ sms_id: number }>())!.sms_id;
    const first = await smsOf((await reset(a)).resetId);
    const station = (await thisStation(app.ctx.env))!.station.id;
    const claim = () => inTx(app.ctx.env, (tx) => claimDue(tx, app.clock.now().toISOString(), 10, new Set(), station));
    expect((await claim()).map((m) => m.id)).toEqual([first]);
    // Another counter resets the same person (the first SMS is marked), and a second person's SMS is claimed.
    app.clock.advance(121_000);
    await reset(a);
    const second = await smsOf((await reset(b)).resetId);
    expect((await claim()).map((m) => m.id)).toEqual([second]);

    // The commit recording the second as sent reads the marked claims in the same statement.
    let statements = 0;
    const count = () => void statements++;
    app.ctx.db.on('query', count);
    const iso = app.clock.now().toISOString();
    const marks = await inTx(app.ctx.env, (tx) => markSentMany(tx, [{ id: second, providerMessageId: 'p-1' }], iso, station, iso));
    app.ctx.db.off('query', count);
    expect(marks.won).toEqual(new Set([second]));
    expect(marks.supersededClaims).toEqual(new Set([first]));
    expect(statements).toBe(3); // BEGIN, the one statement, COMMIT

    const msg = (id: number) => ({ id }) as OutboxRecord;
    let now = 5_000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const asking = countQuestions(app);
    const vet = new SupersedeVet(app.ctx.env);
    try {
      vet.told(now, [msg(first), msg(first + 1000)], marks.supersededClaims!);
      // Served at once, for the messages that were waiting when the commit began.
      now += 8;
      expect(vet.elsewhere([msg(first)], [])).toEqual(new Set([first]));
      expect(vet.elsewhere([msg(first + 1000)], [])).toEqual(new Set([first]));
      // An older answer told later does not replace it.
      vet.told(now - 9, [msg(first)], new Set());
      expect(vet.elsewhere([msg(first)], [])).toEqual(new Set([first]));
      expect(asking.questions).toBe(0);
      // A message that was not waiting then is not covered: it waits for a question.
      const unknown = vet.elsewhere([msg(first + 2000)], []);
      expect(unknown).toBeInstanceOf(Promise);
      expect(await unknown).toEqual(new Set([first]));
      expect(asking.questions).toBe(1);
      // 21 ms after the commit began, its answer is stale (the question just asked serves instead).
      now += 13;
      vet.forget();
      vet.told(now - 21, [msg(first)], new Set([first]));
      const late = vet.elsewhere([msg(first)], []);
      expect(late).toBeInstanceOf(Promise);
      await late;
      expect(asking.questions).toBe(2);
    } finally {
      asking.stop();
      vet.close();
    }
  });
});
