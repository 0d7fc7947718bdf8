import { AppError, isAppError, type ErrorCode } from '../../shared/errors';
import { logger } from '../core/log';
import { checkExportFolder } from '../core/export-folder';
import type { Actor, ServiceEnv } from './env';
import { exportJournal, type ExportProgress } from './journal-export.service';

const log = logger('journal-export');

export interface ExportJobState {
  state: 'idle' | 'running' | 'done' | 'failed';
  phase: ExportProgress['phase'];
  done: number;
  total: number;
  folder: string | null;
  batches: string[];
  errorCode: ErrorCode | null;
}

const IDLE: ExportJobState = { state: 'idle', phase: 'preparing', done: 0, total: 0, folder: null, batches: [], errorCode: null };
const jobs = new WeakMap<ServiceEnv, ExportJobState>();

export function exportJobState(env: ServiceEnv): ExportJobState {
  return jobs.get(env) ?? IDLE;
}

/**
 * The «ستاد» screen's export: one at a time per desk, run in the background so that the screen
 * can show its progress (polled); the folder is checked before anything starts.
 */
export function startExportJob(env: ServiceEnv, actor: Actor, folder: string): ExportJobState {
  if (exportJobState(env).state === 'running') throw new AppError('EXPORT_RUNNING');
  checkExportFolder(folder);
  const job: ExportJobState = { ...IDLE, state: 'running', folder };
  jobs.set(env, job);
  exportJournal(env, actor, folder, { onProgress: (p) => Object.assign(job, p) })
    .then((r) => Object.assign(job, { state: 'done', batches: r.batches, done: r.entries, total: r.entries, phase: 'writing' }))
    .catch((e: unknown) => {
      Object.assign(job, { state: 'failed', errorCode: isAppError(e) ? e.code : 'INTERNAL' });
      if (!isAppError(e)) log.error('journal export failed', e instanceof Error ? e.message : String(e));
    });
  return { ...job };
}
