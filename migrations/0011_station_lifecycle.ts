import type { Knex } from 'knex';

/**
 * One station per counter, kept on the machine. A station row is bound to the machine that holds
 * its sealed identity by the SHA-256 of a random token (the token itself stays in the machine's
 * data folder); `claimed_at` says when. Stations from before this migration are unbound: the
 * first machine to start afterwards claims the branch's station (an UPDATE … WHERE claim_token IS
 * NULL, so two machines starting at once cannot both claim it), the others join with new numbers.
 *
 * A joining counter needs the branch's keys (the audit chain's HMAC key, the outbox key), which
 * are never stored in the database in clear: each supervisor's login on a joined counter leaves
 * a copy wrapped with a key derived (argon2id) from that supervisor's password, and a join by
 * that supervisor unwraps it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE stations ADD COLUMN claim_token_hash varchar(64)');
  await knex.raw('ALTER TABLE stations ADD COLUMN claimed_at varchar(32)');
  await knex.raw('CREATE UNIQUE INDEX stations_claim_token_hash_unique ON stations (claim_token_hash)');
  await knex.schema.createTable('branch_key_wraps', (t) => {
    t.integer('staff_id').primary().references('id').inTable('staff');
    // SHA-256 of the staff password hash the wrap was made under: a changed password makes it stale.
    t.string('password_fingerprint', 64).notNullable();
    t.string('salt', 32).notNullable();
    t.text('wrapped').notNullable();
    t.string('created_at', 32).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('branch_key_wraps');
  // Native DROP COLUMN on both engines: knex would rebuild the SQLite table, which the foreign
  // keys pointing at stations refuse.
  await knex.raw('DROP INDEX stations_claim_token_hash_unique');
  await knex.raw('ALTER TABLE stations DROP COLUMN claimed_at');
  await knex.raw('ALTER TABLE stations DROP COLUMN claim_token_hash');
}
