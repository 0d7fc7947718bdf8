import { generateKeyPairSync, sign } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { CLI_TEXT_FA } from '../../shared/i18n/fa-cli';
import { formatHqKeyText, REGISTRY_FILE_FORMAT, REGISTRY_FORMAT, registryDeltaText } from '../../shared/journal';
import { InputFileError, readInputFile } from '../core/input-file';
import { connect, writeTransaction } from '../db/connection';
import { writeSetting } from '../db/settings.repo';
import { importRegistryFile, MAX_REGISTRY_FILE_BYTES } from '../services/hq-registry.service';
import { CLI_ACTOR, CliStop, type CliCommand } from './command';

/** Issue 9, a branch with no line: headquarters' registry file (`hq registry-export`), verified with the pinned key. */
export const importRegistryCommand: CliCommand = {
  name: 'import-registry',
  usage: 'FILE',
  summary: "verify headquarters' registry file with the pinned key and apply it (all pages or nothing)",
  database: 'write',
  needsInstallation: true,
  keys: ['audit'],
  async run(ctx, args, io) {
    const file = args.positionals[0];
    if (!file) throw new CliStop('CLI_USAGE', { detail: CLI_TEXT_FA.registryFileRequired });
    let bytes: Buffer;
    try {
      bytes = readInputFile(file, MAX_REGISTRY_FILE_BYTES);
    } catch (e) {
      if (!(e instanceof InputFileError)) throw e;
      if (e.problem === 'missing') throw new CliStop('CLI_FILE_NOT_FOUND', { file });
      // A folder, a device or a FIFO is not a registry file: the refusal a file that is not one gets.
      throw e.problem === 'too-large' ? new AppError('REGISTRY_TOO_LARGE') : new AppError('REGISTRY_INVALID', { page: 0 });
    }
    const text = bytes.toString('utf8');
    const r = await importRegistryFile(await ctx.env(), CLI_ACTOR, text);
    io.out(CLI_TEXT_FA.registryImported(r.previousVersion, r.version, r.pages, r.entries));
    return 0;
  },
  smoke: {
    // Pins a headquarters key the sample makes (as Settings → Headquarters would), then imports a one-page file it signed.
    async args(fx) {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      const db = connect({ url: null, sqliteFile: path.join(fx.dataDir, 'desk.sqlite') });
      try {
        const publicKeyText = formatHqKeyText(publicKey.export({ format: 'der', type: 'spki' }).toString('base64'));
        // The row Settings → Headquarters keeps (hq-link-settings.service); the sample has no line, so no URL or CA.
        await writeTransaction(db, (tx) => writeSetting(tx, 'hq.link', { url: '', caPem: '', hqKeyText: publicKeyText }, new Date().toISOString()));
      } finally {
        await db.destroy();
      }
      const at = new Date().toISOString();
      const delta = registryDeltaText({
        format: REGISTRY_FORMAT,
        fromVersion: 0,
        toVersion: 1,
        hasMore: false,
        publishedAt: at,
        entries: [{ username: '0012345679', branch: '9001', station: 1, registeredAt: at, active: true, version: 1 }],
      });
      const page = { delta, signature: sign(null, Buffer.from(delta), privateKey).toString('base64') };
      const out = path.join(fx.scratchDir, 'registry.json');
      writeFileSync(out, JSON.stringify({ format: REGISTRY_FILE_FORMAT, pages: [page] }));
      return [out];
    },
    exitCode: 0,
    out: /^registry version: 0 -> 1\n/,
  },
};
