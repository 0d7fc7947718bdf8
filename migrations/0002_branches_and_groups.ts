import type { Knex } from 'knex';

/** REG-8 branches (searchable by name), REG-1 insurance groups, and this machine's station. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('branches', (t) => {
    t.increments('id');
    t.string('code', 4).notNullable().unique();
    t.string('name', 120).notNullable();
    t.string('name_search', 120).notNullable().index();
    t.string('province', 60).nullable();
    t.boolean('is_sample').notNullable().defaultTo(false);
    t.string('created_at', 32).notNullable();
  });
  await knex.schema.createTable('insurance_groups', (t) => {
    t.increments('id');
    t.string('code', 16).notNullable().unique();
    t.string('name', 120).notNullable();
    t.boolean('registration_open').notNullable().defaultTo(false);
    t.boolean('is_sample').notNullable().defaultTo(false);
  });
  // A station number is never reused: retired stations stay here, so the number stays taken.
  await knex.schema.createTable('stations', (t) => {
    t.increments('id');
    t.integer('branch_id').notNullable().references('id').inTable('branches');
    t.integer('station_number').notNullable();
    t.integer('next_sequence').notNullable().defaultTo(1);
    t.string('registered_at', 32).notNullable();
    t.string('retired_at', 32).nullable();
    t.string('retire_reason', 200).nullable();
    t.unique(['branch_id', 'station_number']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('stations');
  await knex.schema.dropTable('insurance_groups');
  await knex.schema.dropTable('branches');
}
