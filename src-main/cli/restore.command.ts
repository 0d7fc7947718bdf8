import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { CLI_TEXT_FA } from '../../shared/i18n/fa-cli';
import { checkInputFile, InputFileError } from '../core/input-file';
import type { AckLoss, AnchorLoss } from '../services/restore-loss.service';
import { restoreBackup, type LossReport } from '../services/restore.service';
import { CliStop, type CliCommand, type CliIo } from './command';
import { readPassphrase } from './passphrase';

function printLoss(loss: LossReport | AnchorLoss | AckLoss, io: CliIo): void {
  if (loss.source === 'audit-anchor') {
    const t = CLI_TEXT_FA.anchor;
    if (loss.state === 'ahead') io.out(t.ahead(loss.anchorId!, loss.restoredId));
    else io.out(loss.state === 'behind-or-equal' ? t['behind-or-equal'](loss.restoredId) : t[loss.state]);
    return;
  }
  if (loss.source === 'journal-ack') {
    if (loss.state === 'behind') for (const s of loss.behind) io.out(CLI_TEXT_FA.ack.behind(s.station, s.ackedSeq, s.restoredSeq));
    else io.out(CLI_TEXT_FA.ack[loss.state]);
    return;
  }
  if (loss.state !== 'ahead') {
    io.out(CLI_TEXT_FA.compared[loss.state]);
    return;
  }
  const l = loss.lost!;
  const byAction = Object.entries(l.byAction)
    .sort((a, b) => b[1] - a[1])
    .map(([a, n]) => `${a} ×${n}`)
    .join(', ');
  io.out(CLI_TEXT_FA.compared.ahead(l.count, l.from ?? '', l.to ?? '', byAction));
}

/**
 * Restore: decrypts a backup into `--data-dir` after checking it whole (manifest, schema,
 * integrity_check, audit chain); the database and keys there are moved aside, never overwritten,
 * and what the backup lacks against the old database is printed. Refused while a desk runs there.
 */
export const restoreCommand: CliCommand = {
  name: 'restore',
  usage: 'FILE [--passphrase-file FILE] [--replace-other]',
  summary: 'restore a backup into --data-dir (the old database is moved aside, never overwritten)',
  database: 'write',
  needsInstallation: false,
  // None opened beforehand: the keys come from the backup, written by the host's key store.
  keys: [],
  async run(ctx, args, io) {
    const file = args.positionals[0];
    if (!file) throw new CliStop('CLI_USAGE', { detail: CLI_TEXT_FA.restoreFileRequired });
    // Before the passphrase is asked: a folder, a device, a FIFO or a symlink loop is not a backup.
    try {
      checkInputFile(file);
    } catch (e) {
      if (!(e instanceof InputFileError)) throw e;
      throw e.problem === 'missing' ? new CliStop('CLI_FILE_NOT_FOUND', { file }) : new AppError('BACKUP_NOT_A_BACKUP');
    }
    const passphrase = await readPassphrase(args, io, CLI_TEXT_FA.passphrasePrompt);
    const r = await restoreBackup({ file, passphrase, dataDir: ctx.cfg.dataDir, now: new Date(), keyStore: ctx.keyStoreFor, replaceOther: args.flags['replace-other'] === true });
    if (r.kind === 'pg_dump') {
      io.out(CLI_TEXT_FA.restoredPgDump(r.restoredTo));
      return 0;
    }
    io.out(CLI_TEXT_FA.restoredSqlite(r.restoredTo, r.manifest.createdAt, r.manifest.accounts, r.manifest.audit.lastId));
    if (r.movedAside) io.out(CLI_TEXT_FA.movedAside(r.movedAside));
    for (const loss of r.comparedWith) printLoss(loss, io);
    return 0;
  },
  smoke: {
    async args(fx) {
      const pass = path.join(fx.scratchDir, 'restore-passphrase.txt');
      writeFileSync(pass, 'smoke test restore passphrase\n', { mode: 0o600 });
      const out = path.join(fx.scratchDir, 'restore-backups');
      const made = await fx.run(['backup', '--data-dir', fx.dataDir, '--out', out, '--passphrase-file', pass]);
      if (made.code !== 0) throw new Error(`the sample's backup failed: ${made.err}`);
      const file = path.join(out, readdirSync(out).find((n) => n.endsWith('.deskbak'))!);
      return [file, '--data-dir', path.join(fx.scratchDir, 'restored'), '--passphrase-file', pass];
    },
    exitCode: 0,
    out: /restored: .*desk\.sqlite/,
  },
};
