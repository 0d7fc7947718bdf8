import { CLI_TEXT_FA } from '../../shared/i18n/fa-cli';
import { readNewestAnchor } from '../core/audit-anchors';
import { keysDir } from '../core/secrets';
import { verifyAudit } from '../services/audit.service';
import type { CliCommand } from './command';

/**
 * The auditor's check: walks the HMAC chain and names the first broken entry (exit 1), and
 * compares its end with the newest anchor beside the keys (entries that are gone are named).
 */
export const verifyAuditCommand: CliCommand = {
  name: 'verify-audit',
  usage: '',
  summary: 'walk the audit chain; exit 1 when it is broken',
  database: 'read',
  needsInstallation: true,
  keys: ['audit'],
  async run(ctx, _args, io) {
    const key = ctx.keys.key('audit');
    const r = await verifyAudit((await ctx.env()).db, key, readNewestAnchor(keysDir(ctx.cfg.dataDir), key));
    if (r.ok) {
      io.out(CLI_TEXT_FA.auditOk(r.entries, r.head) + CLI_TEXT_FA.auditAnchored(r.anchoredId ?? null));
      return 0;
    }
    io.out(CLI_TEXT_FA.auditBroken(r.firstBrokenId, r.reason, r.entries) + CLI_TEXT_FA.auditAnchored(r.anchoredId ?? null));
    if (r.missing) io.out(CLI_TEXT_FA.auditMissing(r.missing.from, r.missing.to));
    io.err(CLI_TEXT_FA.auditBrokenFa(r.firstBrokenId));
    return 1;
  },
  smoke: { args: () => [], exitCode: 0, out: /^ok\nentries: \d+\n/ },
};
