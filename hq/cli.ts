/**
 * Headquarters' command line (issue 8 item 4): `npm run hq -- <command>` against PostgreSQL at
 * --database-url or DATABASE_URL. It shares only shared/ with the desk, never src-main/.
 */
import { parseArgs } from 'node:util';
import { connectHq, type HqClient } from './db/connection';
import { migrateHq, pendingMigrations } from './db/migrate';
import { conflictsCommand } from './commands/conflicts.command';
import { ingestCommand } from './commands/ingest.command';
import { CommandStop, type Io } from './commands/io';
import { keygenCommand } from './commands/keygen.command';
import { registerStationCommand } from './commands/register-station.command';
import { verifyStored } from './ingest/verify.service';

export const HQ_USAGE = `usage: npm run hq -- <command> [--database-url URL]   (or DATABASE_URL)
  migrate                       create or update headquarters' tables
  register-station "SLIP"       record a station's public key from the text of its registration slip
  ingest DIR [--acks DIR]       verify and apply every batch in DIR; write acknowledgements (to DIR by default)
  conflicts [--csv FILE]        duplicates across branches, identifier alarms, unknown records, audit anchors that went back
  keygen --out FILE             make headquarters' Ed25519 key (signs acknowledgements and the registry); prints the public key
  verify                        re-check everything stored: signatures, hash links, sequences, counts
  serve                         not yet: the HTTPS receiver comes with part 2 (issue 9)
`;

const processIo: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

async function withDb<T>(url: string, fn: (client: HqClient) => Promise<T>): Promise<T> {
  const client = await connectHq(url).catch((e: Error) => {
    throw new CommandStop(`cannot connect to headquarters' database: ${e.message}`);
  });
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function requireMigrated(client: HqClient): Promise<void> {
  const pending = await pendingMigrations(client);
  if (pending.length > 0) throw new CommandStop(`the database is not migrated (pending: ${pending.join(', ')}); run: npm run hq -- migrate`);
}

/** Runs one command; returns the exit code. */
export async function runHq(argv: string[], io: Io = processIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'database-url': { type: 'string' },
        acks: { type: 'string' },
        csv: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean' },
      },
    });
    const [command, ...rest] = positionals;
    if (values.help || !command) {
      io.out(HQ_USAGE);
      return values.help ? 0 : 1;
    }
    if (command === 'keygen') {
      if (!values.out || rest.length > 0) throw new CommandStop('usage: keygen --out FILE');
      keygenCommand(values.out, io);
      return 0;
    }
    if (command === 'serve') throw new CommandStop('serve is not built yet: the HTTPS receiver comes with part 2 (issue 9); use ingest DIR');
    const url = values['database-url'] ?? env.DATABASE_URL;
    if (!url) throw new CommandStop('no database: pass --database-url postgres://… or set DATABASE_URL');
    switch (command) {
      case 'migrate':
        await withDb(url, async (c) => {
          const applied = await migrateHq(c);
          io.out(applied.length ? `applied ${applied.join(', ')}\n` : 'already up to date\n');
        });
        return 0;
      case 'register-station':
        if (rest.length !== 1) throw new CommandStop('usage: register-station "branch-desk-station/1;branch=…;station=…;key=…"');
        await withDb(url, async (c) => {
          await requireMigrated(c);
          await registerStationCommand(c, rest[0] as string, io);
        });
        return 0;
      case 'ingest':
        if (rest.length !== 1) throw new CommandStop('usage: ingest DIR [--acks DIR]');
        await withDb(url, async (c) => {
          await requireMigrated(c);
          await ingestCommand(c, rest[0] as string, values.acks ?? (rest[0] as string), io);
        });
        return 0;
      case 'conflicts':
        await withDb(url, async (c) => {
          await requireMigrated(c);
          await conflictsCommand(c, values.csv, io);
        });
        return 0;
      case 'verify':
        return await withDb(url, async (c) => {
          await requireMigrated(c);
          const r = await verifyStored(c);
          for (const p of r.problems) io.err(`WRONG ${p}\n`);
          io.out(`${r.problems.length === 0 ? 'ok' : `${r.problems.length} problem(s)`}: ${r.stations} stations, ${r.batches} batches, ${r.entries} entries checked\n`);
          return r.problems.length === 0 ? 0 : 1;
        });
      default:
        throw new CommandStop(`unknown command ${command}\n${HQ_USAGE}`);
    }
  } catch (e) {
    if (e instanceof CommandStop) {
      io.err(`${e.message}\n`);
      return e.exitCode;
    }
    if (e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${e.message}\n${HQ_USAGE}`);
      return 1;
    }
    throw e;
  }
}

// The built entry (out/hq/cli.js) runs itself; importing the module (tests) runs nothing.
if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  runHq(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`hq: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 70;
    },
  );
}
