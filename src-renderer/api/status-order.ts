import { replaceEqualDeep } from '@tanstack/react-query';
import type { AppStatus } from '../../shared/contract/app.contract';

type Snapshot = AppStatus['snapshot'];

const snapshotOf = (v: unknown): Snapshot | null => {
  const s = (v as { snapshot?: Partial<Snapshot> } | null)?.snapshot;
  return s && typeof s.boot === 'string' && typeof s.seq === 'number' ? (s as Snapshot) : null;
};

/**
 * The app status reaches the page by its own calls and by main's pushes, with no order between
 * them: on a loaded machine a call's answer begun before a change can be handled after the push
 * that reported it. The query cache's merge for `app:status`: of two snapshots from one main
 * process the later-begun one wins (one from another process, main restarted, is taken as it
 * comes); a snapshot that changes nothing but its number keeps the held object, so the screens
 * do not re-render (and an open list keeps its highlighted option) on every poll and push.
 */
export function statusOrder(): (held: unknown, incoming: unknown) => unknown {
  let newest: Snapshot | null = null;
  return (held, incoming) => {
    const next = snapshotOf(incoming);
    if (!next) return replaceEqualDeep(held, incoming);
    if (newest && newest.boot === next.boot && next.seq < newest.seq) return held;
    newest = next;
    const kept = snapshotOf(held);
    if (!kept) return incoming;
    // Compared without the number: unchanged content keeps the held object as it is.
    const same = replaceEqualDeep(held, { ...(incoming as object), snapshot: kept });
    return same === held ? held : { ...(same as object), snapshot: next };
  };
}
