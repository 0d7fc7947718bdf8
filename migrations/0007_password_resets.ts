import type { Knex } from 'knex';

/** REC-*: every reset, its tracking code (unique), its password hash and its SMS. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('password_resets', (t) => {
    t.increments('id');
    t.integer('account_id').notNullable().references('id').inTable('accounts').index();
    t.string('tracking_code', 8).notNullable().unique();
    t.string('password_hash', 200).notNullable();
    t.string('channel', 8).notNullable();
    t.integer('requested_by').nullable().references('id').inTable('staff');
    t.integer('approved_by').nullable().references('id').inTable('staff');
    t.string('id_document_type', 24).nullable();
    t.string('id_document_number', 40).nullable();
    t.integer('sms_id').nullable().references('id').inTable('sms_outbox');
    t.string('state', 12).notNullable();
    t.string('created_at', 32).notNullable();
    t.string('sent_at', 32).nullable();
    t.string('valid_until', 32).nullable();
    t.string('used_at', 32).nullable();
    t.string('ended_at', 32).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('password_resets');
}
