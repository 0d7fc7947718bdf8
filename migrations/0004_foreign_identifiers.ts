import type { Knex } from 'knex';

/** REG-4 / BR-2: foreign-national identifiers, issued by supervisors from a station's sequence. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('foreign_identifiers', (t) => {
    t.increments('id');
    t.string('identifier', 12).notNullable().unique();
    t.integer('station_id').notNullable().references('id').inTable('stations');
    t.integer('sequence').notNullable();
    t.string('first_name_fa', 80).notNullable();
    t.string('last_name_fa', 80).notNullable();
    t.string('first_name_latin', 80).notNullable();
    t.string('last_name_latin', 80).notNullable();
    t.string('name_search', 170).notNullable().index();
    t.string('father_name', 80).notNullable();
    t.string('nationality', 2).notNullable();
    t.string('document_type', 24).notNullable();
    t.string('document_number', 40).notNullable();
    t.string('birth_date', 10).notNullable();
    t.integer('issued_by').notNullable().references('id').inTable('staff');
    t.string('issued_at', 32).notNullable();
    t.string('status', 12).notNullable();
    t.string('revoked_at', 32).nullable();
    t.integer('revoked_by').nullable().references('id').inTable('staff');
    t.string('revoke_reason', 200).nullable();
    t.unique(['station_id', 'sequence']);
  });
  // One live identifier per travel/residence document; after a revoke the document may get another.
  await knex.raw(
    'CREATE UNIQUE INDEX foreign_identifiers_live_document ON foreign_identifiers (nationality, document_type, document_number) WHERE revoked_at IS NULL',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('foreign_identifiers');
}
