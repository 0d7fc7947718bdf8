/**
 * Headquarters' command line (issue 8 item 4, issue 9): `npm run hq -- <command>` against
 * PostgreSQL at --database-url or DATABASE_URL. It shares only shared/ with the desk, never src-main/.
 */
import { parseArgs } from 'node:util';
import { connectHq, type HqClient } from './db/connection';
import { migrateHq, pendingMigrations } from './db/migrate';
import { conflictsCommand } from './commands/conflicts.command';
import { ingestCommand } from './commands/ingest.command';
import { CommandStop, type Io } from './commands/io';
import { keygenCommand } from './commands/keygen.command';
import { registerStationCommand } from './commands/register-station.command';
import { resumeStationCommand } from './commands/resume-station.command';
import { registryExportCommand, registryExportKey } from './commands/registry-export.command';
import { serveCommand } from './commands/serve.command';
import { verifyStored } from './ingest/verify.service';

export const HQ_USAGE = `usage: npm run hq -- <command> [--database-url URL]   (or DATABASE_URL)
  migrate                       create or update headquarters' tables
  keygen --out FILE             make headquarters' Ed25519 key (signs acknowledgements and the registry); prints the public key
  register-station "SLIP"       record a station's public key from the text of its registration slip
  ingest DIR [--acks DIR]       verify and apply every batch in DIR; write acknowledgements (to DIR by default)
  serve --hq-key FILE --port N [--host H] --tls-cert PEM --tls-key PEM [--timeout SECONDS]
                                the HTTPS receiver of the live link (POST /v1/batches, GET /v1/registry);
                                --insecure-loopback instead of the TLS options: plain HTTP on 127.0.0.1 only
  registry-export --hq-key FILE --out FILE [--since VERSION]
                                the registry as signed pages, for a branch with no line
  conflicts [--csv FILE]        duplicates across branches, identifier alarms, unknown records, audit anchors that went back
  resume-station BRANCH STATION a station stopped because its audit anchors went back sends again (once looked into)
  verify                        re-check everything stored: signatures, hash links, sequences, counts
`;

const processIo: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

async function withDb<T>(url: string, fn: (client: HqClient) => Promise<T>): Promise<T> {
  const client = await connectHq(url).catch((e: Error) => {
    throw new CommandStop(`cannot connect to headquarters' database: ${e.message}`);
  });
  try {
    // A branch desk's database (its knex migrations table) is never headquarters': no hq_ tables in it.
    if ((await client.query("SELECT to_regclass('knex_migrations') AS t")).rows[0]?.t) {
      throw new CommandStop("this is a branch desk's database (it has knex_migrations), not headquarters': check --database-url or DATABASE_URL");
    }
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function requireMigrated(client: HqClient): Promise<void> {
  const pending = await pendingMigrations(client);
  if (pending.length > 0) throw new CommandStop(`the database is not migrated (pending: ${pending.join(', ')}); run: npm run hq -- migrate`);
}

/** Resolves at the first SIGTERM or SIGINT: `serve` then closes gracefully (a second one, as
 * Ctrl-C sends both to the npm wrapper's group and through it, changes nothing). */
const untilSignalled = (): Promise<void> =>
  new Promise((resolve) => {
    process.on('SIGTERM', () => resolve());
    process.on('SIGINT', () => resolve());
  });

const OPTIONS = {
  'database-url': { type: 'string' },
  acks: { type: 'string' },
  csv: { type: 'string' },
  out: { type: 'string' },
  'hq-key': { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'insecure-loopback': { type: 'boolean' },
  timeout: { type: 'string' },
  since: { type: 'string' },
  help: { type: 'boolean' },
} as const;

/** Runs one command; returns the exit code. `stop` ends `serve` (SIGTERM by default). */
export async function runHq(
  argv: string[],
  io: Io = processIo,
  env: NodeJS.ProcessEnv = process.env,
  stop: () => Promise<unknown> = untilSignalled,
): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
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
      case 'serve':
        if (rest.length > 0) throw new CommandStop(`serve takes options only, not ${rest.join(' ')}`);
        await serveCommand(
          {
            databaseUrl: url,
            hqKey: values['hq-key'],
            port: values.port,
            host: values.host,
            tlsCert: values['tls-cert'],
            tlsKey: values['tls-key'],
            insecureLoopback: values['insecure-loopback'],
            timeout: values.timeout,
          },
          io,
          stop(),
        );
        return 0;
      case 'registry-export': {
        if (!values.out || rest.length > 0) throw new CommandStop('usage: registry-export --hq-key FILE --out FILE [--since VERSION]');
        const since = values.since === undefined ? 0 : Number(values.since);
        if (!/^[0-9]{1,15}$/.test(values.since ?? '0')) throw new CommandStop('--since must be a version number (0 or more)');
        const key = registryExportKey(values['hq-key']);
        await withDb(url, async (c) => {
          await requireMigrated(c);
          await registryExportCommand(c, key, values.out as string, since, io);
        });
        return 0;
      }
      case 'resume-station':
        if (rest.length !== 2) throw new CommandStop('usage: resume-station BRANCH STATION (e.g. resume-station 1011 3)', 2);
        await withDb(url, async (c) => {
          await requireMigrated(c);
          await resumeStationCommand(c, rest[0] as string, rest[1] as string, io);
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

/** Runs one command as this process's own: its code becomes the exit code (70 when it crashes). */
export function runHqAsProcess(argv: string[]): void {
  runHq(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`hq: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 70;
    },
  );
}

// The built entry (out/hq/cli.js) run by node runs itself; importing the module (tests, and
// scripts/hq.mjs, which calls runHqAsProcess) runs nothing.
if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) runHqAsProcess(process.argv.slice(2));
