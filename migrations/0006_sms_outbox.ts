import type { Knex } from 'knex';

/**
 * BR-4: messages wait here until the gateway takes them. The secret part (a password or a code)
 * is stored encrypted with a key outside the database, and dropped once the message is sent.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sms_outbox', (t) => {
    t.increments('id');
    t.string('reference', 40).notNullable().unique();
    t.string('purpose', 16).notNullable();
    t.string('to_mobile', 11).notNullable();
    t.text('body_template').notNullable();
    t.text('secret_enc').nullable();
    t.string('status', 12).notNullable().index();
    t.integer('attempts').notNullable().defaultTo(0);
    t.string('next_attempt_at', 32).notNullable();
    t.string('last_error', 300).nullable();
    t.string('created_at', 32).notNullable();
    t.string('expires_at', 32).notNullable();
    t.string('sent_at', 32).nullable();
    t.string('provider_message_id', 80).nullable();
    t.integer('account_id').nullable().references('id').inTable('accounts');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sms_outbox');
}
