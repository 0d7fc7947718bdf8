import { CLI_TEXT_FA } from '../../shared/i18n/fa-cli';
import { verifyAudit } from '../services/audit.service';
import type { CliCommand } from './command';

/** The auditor's check: walks the HMAC chain and names the first broken entry (exit 1). */
export const verifyAuditCommand: CliCommand = {
  name: 'verify-audit',
  usage: '',
  summary: 'walk the audit chain; exit 1 when it is broken',
  database: 'read',
  needsInstallation: true,
  keys: ['audit'],
  async run(ctx, _args, io) {
    const r = await verifyAudit((await ctx.env()).db, ctx.keys.key('audit'));
    if (r.ok) {
      io.out(CLI_TEXT_FA.auditOk(r.entries, r.head));
      return 0;
    }
    io.out(CLI_TEXT_FA.auditBroken(r.firstBrokenId, r.reason, r.entries));
    io.err(CLI_TEXT_FA.auditBrokenFa(r.firstBrokenId));
    return 1;
  },
  smoke: { args: () => [], exitCode: 0, out: /^ok\nentries: \d+\n/ },
};
