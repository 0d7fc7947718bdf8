import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLI_TEXT_FA } from '../../shared/i18n/fa-cli';
import { ERROR_MESSAGES_FA } from '../../shared/i18n/fa-messages';
import { InputFileError, readInputFile } from '../core/input-file';
import { utf8OrNull } from '../core/utf8';
import { importBranchesCsv } from '../services/reference.service';
import { CLI_ACTOR, CliStop, type CliCommand } from './command';

/** Far above a real branch list (a few thousand lines); the screen takes 200,000 characters. */
const MAX_CSV_BYTES = 5 * 1024 * 1024;
/** Bad lines printed before "… and N more". */
const MAX_LINE_ERRORS = 100;

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
    let bytes: Buffer;
    try {
      bytes = readInputFile(file, MAX_CSV_BYTES);
    } catch (e) {
      if (!(e instanceof InputFileError)) throw e;
      // Anything but a regular file (a folder, a device, a FIFO) is "not found" here, as it always was.
      throw e.problem === 'too-large' ? new CliStop('CLI_FILE_TOO_LARGE', { file, detail: '5 MB' }) : new CliStop('CLI_FILE_NOT_FOUND', { file });
    }
    // UTF-8 only: a Windows-1256 export would otherwise import as U+FFFD.
    const csv = utf8OrNull(bytes);
    if (csv === null) throw new CliStop('CLI_FILE_NOT_UTF8', { file });
    const r = await importBranchesCsv(await ctx.env(), CLI_ACTOR, csv);
    if (r.errors.length > 0) {
      io.err(`${ERROR_MESSAGES_FA.IMPORT_FAILED} ${CLI_TEXT_FA.branchesNotImported}\n`);
      for (const e of r.errors.slice(0, MAX_LINE_ERRORS)) io.err(CLI_TEXT_FA.branchLineError(e.line, e.message, e.code));
      if (r.errors.length > MAX_LINE_ERRORS) io.err(CLI_TEXT_FA.moreLineErrors(r.errors.length - MAX_LINE_ERRORS));
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
