import type { Knex } from 'knex';

/**
 * BR-4 on a shared PostgreSQL: which station claimed a message now `sending`, and when. A counter
 * that starts again puts back in the queue only its own claims (and those of a station silent for
 * longer than the claim lease), never a live counter's messages on the wire. Rows claimed before
 * this migration have no owner, as before. No foreign key: a station row is never deleted (a
 * retired number stays taken), and SQLite cannot add one without rebuilding the table.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sms_outbox', (t) => {
    t.integer('claimed_by_station').nullable();
    t.string('claimed_at', 32).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  // Native DROP COLUMN on both engines (knex would rebuild the SQLite table; foreign keys refuse it).
  await knex.raw('ALTER TABLE sms_outbox DROP COLUMN claimed_at');
  await knex.raw('ALTER TABLE sms_outbox DROP COLUMN claimed_by_station');
}
