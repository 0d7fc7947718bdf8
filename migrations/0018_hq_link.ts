import type { Knex } from 'knex';

/**
 * Issue 9: the live link's state per station, kept in the database like the SMS outbox so that it
 * survives a restart: stopped or running (a stop waits for a supervisor, whatever restarts), the
 * sequence headquarters asked to resend from after a gap, and the retry schedule (attempts, when
 * the next one is due). What was sent is not here: the batches themselves are `journal_batches`,
 * cut and recorded before they leave, acknowledged there.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('hq_link', (t) => {
    t.integer('station_id').primary().references('id').inTable('stations');
    t.enu('state', ['running', 'stopped']).notNullable().defaultTo('running');
    t.string('stop_code', 32).nullable();
    t.string('stop_detail', 500).nullable();
    t.string('stop_batch_id', 40).nullable();
    t.string('stopped_at', 32).nullable();
    t.integer('resend_from').nullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.string('next_attempt_at', 32).nullable();
    t.string('last_contact_at', 32).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('hq_link');
}
