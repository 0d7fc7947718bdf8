import { CLI_TEXT_FA } from '../../shared/i18n/fa-cli';
import { recoverSupervisor } from '../services/setup.service';
import { CliStop, type CliCommand } from './command';

/** The way back in when the last supervisor is locked out: the recovery code from setup. */
export const recoverSupervisorCommand: CliCommand = {
  name: 'recover-supervisor',
  usage: '--username U --code CODE',
  summary: 'a temporary password for a locked-out supervisor (with the recovery code from setup)',
  database: 'write',
  needsInstallation: true,
  keys: ['audit'],
  async run(ctx, args, io) {
    const username = args.flag('username');
    const code = args.flag('code');
    if (!username || !code) throw new CliStop('CLI_USAGE', { detail: CLI_TEXT_FA.recoverArgsRequired });
    const r = await recoverSupervisor(await ctx.env(), username, code);
    io.out(CLI_TEXT_FA.supervisorRecovered(username, r.temporaryPassword, r.recoveryCode));
    return 0;
  },
  smoke: {
    args: (fx) => ['--username', fx.supervisor.username, '--code', fx.supervisor.recoveryCode],
    exitCode: 0,
    out: /must be changed at the next login/,
  },
};
