import type { Knex } from 'knex';

/** Portal accounts (REG-*, LOG-*) and the permissions granted after the first password change. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('accounts', (t) => {
    t.increments('id');
    t.string('username', 12).notNullable().index();
    // REG-5: unique while the account is not voided; a voided registration frees the username.
    t.string('live_username', 12).nullable().unique();
    t.string('kind', 8).notNullable();
    t.integer('foreign_identifier_id').nullable().unique().references('id').inTable('foreign_identifiers');
    t.string('first_name', 80).nullable();
    t.string('last_name', 80).nullable();
    t.string('name_search', 170).nullable().index();
    t.integer('branch_id').notNullable().references('id').inTable('branches');
    t.integer('insurance_group_id').notNullable().references('id').inTable('insurance_groups');
    t.string('insurance_number', 10).notNullable().index();
    t.string('mobile', 11).nullable().index();
    t.string('email', 120).nullable();
    t.string('password_hash', 200).notNullable();
    t.boolean('must_change_password').notNullable().defaultTo(true);
    t.string('initial_password_expires_at', 32).nullable();
    // At the counter (person present) a reset kills the current password at once.
    t.string('password_revoked_at', 32).nullable();
    t.string('password_changed_at', 32).nullable();
    t.string('status', 10).notNullable();
    t.string('terms_version', 20).notNullable();
    t.string('terms_accepted_at', 32).notNullable();
    t.string('id_document_type', 24).notNullable();
    t.string('id_document_number', 40).notNullable();
    t.integer('registered_by').notNullable().references('id').inTable('staff');
    t.string('registered_at', 32).notNullable();
    t.integer('station_id').notNullable().references('id').inTable('stations');
    t.string('mobile_changed_at', 32).nullable();
    t.string('voided_at', 32).nullable();
    t.integer('voided_by').nullable().references('id').inTable('staff');
    t.string('void_reason', 200).nullable();
    t.string('disabled_at', 32).nullable();
  });
  await knex.schema.createTable('account_permissions', (t) => {
    t.integer('account_id').notNullable().references('id').inTable('accounts');
    t.string('permission', 40).notNullable();
    t.string('granted_at', 32).notNullable();
    t.primary(['account_id', 'permission']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('account_permissions');
  await knex.schema.dropTable('accounts');
}
