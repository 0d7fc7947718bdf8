import { replaceEqualDeep } from '@tanstack/react-query';
import type { AppStatus } from '../../shared/contract/app.contract';

type Snapshot = Pick<AppStatus, 'snapshot'>;

const hasSnapshot = (v: unknown): v is Snapshot =>
  typeof v === 'object' && v !== null && typeof (v as Partial<Snapshot>).snapshot?.seq === 'number';

/**
 * The app status reaches the page by its own calls and by main's pushes, with no order between
 * them: on a loaded machine a call's answer begun before a change can be handled after the push
 * that reported it. Of two snapshots from one main process the later-begun one stays; one from
 * another process (main restarted) is taken as it comes.
 */
export function laterStatus(held: unknown, incoming: unknown): unknown {
  if (hasSnapshot(held) && hasSnapshot(incoming) && held.snapshot.boot === incoming.snapshot.boot && incoming.snapshot.seq < held.snapshot.seq) {
    return held;
  }
  return replaceEqualDeep(held, incoming);
}
