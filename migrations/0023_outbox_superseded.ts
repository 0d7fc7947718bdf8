import type { Knex } from 'knex';

/**
 * Issue 11 item 2, what the dispatcher looks up:
 * - REC-4 at counters sharing PostgreSQL: a message superseded while a counter holds it claimed
 *   (`sending`) is marked on its own row when its request is superseded, so the claiming counter
 *   asks one small question before each hand-over — which claimed messages carry the mark —
 *   answered from a partial index that holds only those rows (almost always none), instead of
 *   looking up every waiting message's reset and mobile check. Nullable: rows from before carry
 *   no mark, and the checks made at a restart and after a failed send still read the resets and
 *   mobile checks themselves.
 * - A claim takes the oldest due messages: the status index gains the id, so the queued ones can be
 *   walked in order and the walk stopped at the claim's size. SQLite's index already ended with the
 *   rowid. PostgreSQL's planner takes that walk only when its statistics expect a long queue: after
 *   a burst queued since the last analyse it still reads every queued row through this index and
 *   sorts them (EXPLAIN ANALYZE during `npm run bench`, 2026-12-05, 2,000 queued: 2.5–3 ms for a
 *   claim's candidates).
 *   A partial index of the queued rows alone did not change that choice and was not kept.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sms_outbox', (t) => t.string('superseded_at', 32).nullable());
  await knex.raw("CREATE INDEX sms_outbox_superseded_sending_index ON sms_outbox (id) WHERE status = 'sending' AND superseded_at IS NOT NULL");
  await knex.raw('CREATE INDEX sms_outbox_status_id_index ON sms_outbox (status, id)');
  await knex.raw('DROP INDEX sms_outbox_status_index');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX sms_outbox_status_index ON sms_outbox (status)');
  await knex.raw('DROP INDEX sms_outbox_status_id_index');
  await knex.raw('DROP INDEX sms_outbox_superseded_sending_index');
  // Native DROP COLUMN on both engines (knex would rebuild the SQLite table; foreign keys refuse it).
  await knex.raw('ALTER TABLE sms_outbox DROP COLUMN superseded_at');
}
