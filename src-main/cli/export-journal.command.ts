import path from 'node:path';
import { CLI_TEXT_FA } from '../../shared/i18n/fa-cli';
import { ensureStationKey } from '../core/station-key';
import { exportJournal } from '../services/journal-export.service';
import { CLI_ACTOR, CliStop, type CliCommand } from './command';

/** Issue 8: the station's signed journal batches headquarters has not acknowledged, to a folder. */
export const exportJournalCommand: CliCommand = {
  name: 'export-journal',
  usage: '--out DIR [--since SEQ]',
  summary: 'write the unacknowledged journal batches (or all from SEQ) to DIR',
  database: 'write',
  needsInstallation: true,
  keys: ['audit', 'station', 'station-signing-key'],
  async run(ctx, args, io) {
    const out = args.flag('out');
    if (!out) throw new CliStop('CLI_USAGE', { detail: CLI_TEXT_FA.exportOutRequired });
    const since = args.flag('since');
    if (since !== undefined && !/^[1-9][0-9]{0,15}$/.test(since)) throw new CliStop('CLI_USAGE', { detail: CLI_TEXT_FA.exportSinceInvalid });
    ensureStationKey(ctx.keys);
    const r = await exportJournal(await ctx.env(), CLI_ACTOR, path.resolve(out), { ...(since ? { sinceSeq: Number(since) } : {}) });
    io.out(CLI_TEXT_FA.journalExported(r.batches, r.entries, r.lastSeq, path.resolve(out)));
    return 0;
  },
  smoke: { args: (fx) => ['--out', fx.scratchDir], exitCode: 0, out: /^batches: 1\n/ },
};
