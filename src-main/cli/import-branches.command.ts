import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLI_TEXT_FA } from '../../shared/i18n/fa-cli';
import { ERROR_MESSAGES_FA } from '../../shared/i18n/fa-messages';
import { importBranchesCsv } from '../services/reference.service';
import { CLI_ACTOR, CliStop, type CliCommand } from './command';

/** The real branch list replaces the sample one (CSV: code,name[,province]); all or nothing. */
export const importBranchesCommand: CliCommand = {
  name: 'import-branches',
  usage: 'FILE',
  summary: 'import the real branch list (CSV: code,name[,province])',
  database: 'write',
  needsInstallation: false,
  keys: ['audit'],
  async run(ctx, args, io) {
    const file = args.positionals[0];
    if (!file) throw new CliStop('CLI_USAGE', { detail: CLI_TEXT_FA.csvFileRequired });
    if (!existsSync(file)) throw new CliStop('CLI_FILE_NOT_FOUND', { file });
    const csv = readFileSync(file, 'utf8');
    const r = await importBranchesCsv(await ctx.env(), CLI_ACTOR, csv);
    if (r.errors.length > 0) {
      io.err(`${ERROR_MESSAGES_FA.IMPORT_FAILED} ${CLI_TEXT_FA.branchesNotImported}\n`);
      for (const e of r.errors) io.err(CLI_TEXT_FA.branchLineError(e.line, e.message, e.code));
      return 1;
    }
    io.out(CLI_TEXT_FA.branchesImported(r.imported, ctx.cfg.databaseUrl ? 'PostgreSQL' : ctx.cfg.sqliteFile));
    return 0;
  },
  smoke: {
    args: (fx) => {
      const file = path.join(fx.scratchDir, 'branches.csv');
      writeFileSync(file, 'code,name\n8001,Yazd\n');
      return [file];
    },
    exitCode: 0,
    out: /imported 1 branches/,
  },
};
