import type { Knex } from 'knex';
import * as m0001 from './0001_settings';
import * as m0002 from './0002_branches_and_groups';
import * as m0003 from './0003_staff';
import * as m0004 from './0004_foreign_identifiers';
import * as m0005 from './0005_accounts';
import * as m0006 from './0006_sms_outbox';
import * as m0007 from './0007_password_resets';
import * as m0008 from './0008_mobile_verifications';
import * as m0009 from './0009_audit_log';
import * as m0010 from './0010_account_last_name_search';
import * as m0011 from './0011_station_lifecycle';
import * as m0012 from './0012_journal';
import * as m0013 from './0013_performance';
import * as m0014 from './0014_hardening_a';
import * as m0018 from './0018_hq_link';
import * as m0019 from './0019_hq_registry';
import * as m0021 from './0021_search_statistics';
import * as m0022 from './0022_outbox_claims';
import * as m0023 from './0023_outbox_superseded';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/** Every migration, in order, imported statically so that they bundle into the main process. */
export const MIGRATIONS: ReadonlyArray<readonly [string, Migration]> = [
  ['0001_settings', m0001],
  ['0002_branches_and_groups', m0002],
  ['0003_staff', m0003],
  ['0004_foreign_identifiers', m0004],
  ['0005_accounts', m0005],
  ['0006_sms_outbox', m0006],
  ['0007_password_resets', m0007],
  ['0008_mobile_verifications', m0008],
  ['0009_audit_log', m0009],
  ['0010_account_last_name_search', m0010],
  ['0011_station_lifecycle', m0011],
  ['0012_journal', m0012],
  ['0013_performance', m0013],
  ['0014_hardening_a', m0014],
  ['0018_hq_link', m0018],
  ['0019_hq_registry', m0019],
  ['0021_search_statistics', m0021],
  ['0022_outbox_claims', m0022],
  ['0023_outbox_superseded', m0023],
];

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: () => Promise.resolve(MIGRATIONS.map(([name]) => name)),
  getMigrationName: (name) => name,
  getMigration: (name) => {
    const found = MIGRATIONS.find(([n]) => n === name);
    if (!found) throw new Error(`unknown migration ${name}`);
    return Promise.resolve(found[1]);
  },
};
