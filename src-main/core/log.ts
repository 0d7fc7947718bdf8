import log from 'electron-log/node';
import path from 'node:path';

/**
 * One scoped logger per module. Never pass a password, a generated secret or a full national
 * code to a logger: mask identifiers with `maskId` from shared/text.
 */
export type Logger = ReturnType<typeof log.scope>;

let configured = false;

export function configureLogging(dataDir: string, opts: { console?: boolean } = {}): void {
  log.transports.file.resolvePathFn = () => path.join(dataDir, 'logs', 'main.log');
  log.transports.file.level = 'info';
  log.transports.console.level = opts.console === false ? false : 'info';
  configured = true;
}

export function logger(scope: string): Logger {
  if (!configured) {
    // Before configuration (unit tests), log to nowhere rather than to a stray home folder.
    log.transports.file.level = false;
    log.transports.console.level = process.env.DESK_LOG_CONSOLE === '1' ? 'debug' : false;
  }
  return log.scope(scope);
}
