import type { Knex } from 'knex';

/** Clerks and supervisors; passwords only as argon2id hashes. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('staff', (t) => {
    t.increments('id');
    t.string('username', 32).notNullable().unique();
    t.string('display_name', 80).notNullable();
    t.string('role', 16).notNullable();
    t.string('password_hash', 200).notNullable();
    t.boolean('must_change_password').notNullable().defaultTo(true);
    t.string('created_at', 32).notNullable();
    t.integer('created_by').nullable().references('id').inTable('staff');
    t.string('disabled_at', 32).nullable();
    t.string('password_changed_at', 32).nullable();
  });
  await knex.raw("CREATE INDEX staff_role_idx ON staff (role)");
  // Failures per typed username (known or not), so an attacker cannot tell them apart.
  await knex.schema.createTable('login_failures', (t) => {
    t.string('scope', 8).notNullable();
    t.string('username', 64).notNullable();
    t.integer('failures').notNullable().defaultTo(0);
    t.integer('lock_level').notNullable().defaultTo(0);
    t.string('locked_until', 32).nullable();
    t.string('last_failure_at', 32).nullable();
    t.primary(['scope', 'username']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('login_failures');
  await knex.schema.dropTable('staff');
}
