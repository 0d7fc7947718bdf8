import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { CLI_TEXT_FA } from '../../shared/i18n/fa-cli';
import { ACK_FORMAT, ackFileName, ackText, batchIdFromManifestFile, parseManifestText } from '../../shared/journal';
import { sha256 } from '../core/station-key';
import { InputFileError, readInputFile } from '../core/input-file';
import { importAck, MAX_ACK_BYTES } from '../services/journal-ack.service';
import { CLI_ACTOR, CliStop, type CliCommand } from './command';

/** Issue 8: headquarters' acknowledgement file, checked against the batches this station exported. */
export const importAckCommand: CliCommand = {
  name: 'import-ack',
  usage: 'FILE',
  summary: "record headquarters' acknowledgement of exported journal batches",
  database: 'write',
  needsInstallation: true,
  keys: ['audit', 'station'],
  async run(ctx, args, io) {
    const file = args.positionals[0];
    if (!file) throw new CliStop('CLI_USAGE', { detail: CLI_TEXT_FA.ackFileRequired });
    let bytes: Buffer;
    try {
      // An acknowledgement is a few hundred bytes: anything over MAX_ACK_BYTES, or not a regular file, is not one.
      bytes = readInputFile(file, MAX_ACK_BYTES);
    } catch (e) {
      if (!(e instanceof InputFileError)) throw e;
      throw e.problem === 'missing' ? new CliStop('CLI_FILE_NOT_FOUND', { file }) : new AppError('ACK_INVALID');
    }
    const r = await importAck(await ctx.env(), CLI_ACTOR, bytes.toString('utf8'));
    io.out(CLI_TEXT_FA.ackImported(r.batchId, r.lastSeq, r.settled));
    return 0;
  },
  smoke: {
    // Exports the desk's journal, then writes the acknowledgement headquarters would for it.
    async args(fx) {
      const exported = await fx.run(['export-journal', '--out', fx.scratchDir, '--data-dir', fx.dataDir]);
      if (exported.code !== 0) throw new Error(`export-journal failed: ${exported.err}`);
      const manifestFile = readdirSync(fx.scratchDir).find((f) => batchIdFromManifestFile(f) !== null)!;
      const bytes = readFileSync(path.join(fx.scratchDir, manifestFile));
      const m = parseManifestText(bytes.toString('utf8'));
      if (!m.ok) throw new Error(m.problem);
      const ack = { format: ACK_FORMAT, branch: m.value.branch, station: m.value.station, batchId: m.value.batchId, lastSeq: m.value.lastSeq, manifestSha256: sha256(bytes).toString('hex'), ackedAt: new Date().toISOString() } as const;
      const file = path.join(fx.scratchDir, ackFileName(ack));
      writeFileSync(file, ackText(ack));
      return [file];
    },
    exitCode: 0,
    out: /^acknowledged: \d{4}-\d{2}-1-\d+\n/,
  },
};
