import { useEffect, useRef } from 'react';
import { subscribe } from '../api/client';

/**
 * Issue 12 item 1: the desk locks itself at the deadline main gives it — pushed on the event
 * stream after every call and when the stream opens — with no request needed. The page counts
 * `remainingMs` from when it hears it (its own clock need not agree with main's); a repeated
 * deadline keeps the countdown already running, a moved one (someone worked) restarts it.
 */
export function useIdleLock(active: boolean, onLock: () => void): void {
  const lock = useRef(onLock);
  lock.current = onLock;
  useEffect(() => {
    if (!active) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let current: string | null = null;
    const unsubscribe = subscribe('session:idle', ({ deadline, remainingMs }) => {
      if (deadline === current && remainingMs !== 0) return;
      current = deadline;
      clearTimeout(timer);
      timer = remainingMs === null ? undefined : setTimeout(() => lock.current(), remainingMs);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [active]);
}
