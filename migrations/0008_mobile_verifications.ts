import type { Knex } from 'knex';

/** A new mobile is confirmed by a one-time code sent to it (or a supervisor's approval offline). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('mobile_verifications', (t) => {
    t.increments('id');
    t.integer('account_id').notNullable().references('id').inTable('accounts').index();
    t.string('new_mobile', 11).notNullable();
    t.string('code_hash', 200).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.string('state', 12).notNullable();
    t.integer('requested_by').notNullable().references('id').inTable('staff');
    t.integer('approved_by').nullable().references('id').inTable('staff');
    t.string('id_document_type', 24).notNullable();
    t.string('id_document_number', 40).notNullable();
    t.integer('sms_id').nullable().references('id').inTable('sms_outbox');
    t.string('created_at', 32).notNullable();
    t.string('expires_at', 32).notNullable();
    t.string('ended_at', 32).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('mobile_verifications');
}
