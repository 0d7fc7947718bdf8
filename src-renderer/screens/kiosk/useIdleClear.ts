import { useCallback, useEffect, useRef, useState } from 'react';

/** Input that shows someone is still at the kiosk. */
const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart', 'input'] as const;
const TICK_MS = 1000;

/**
 * The kiosk clears itself after each person: once anything was typed or touched (or while
 * `armed`, e.g. someone is logged in), `timeoutMs` without input calls `onIdle`. During the last
 * `warnMs` it reports the seconds left so the screen can warn. An untouched login screen stays
 * quiet: there is nothing on it to clear.
 *
 * The input listeners only write refs: a React state update from a capturing `input` listener
 * would re-render before the field's own change handler and undo what was typed.
 */
export function useIdleClear({ armed, timeoutMs, warnMs, onIdle }: { armed: boolean; timeoutMs: number; warnMs: number; onIdle: () => void }) {
  const last = useRef(0);
  const touched = useRef(false);
  const armedRef = useRef(armed);
  const onIdleRef = useRef(onIdle);
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);

  useEffect(() => {
    onIdleRef.current = onIdle;
  }, [onIdle]);

  useEffect(() => {
    // Arming (someone logged in) starts the count from now.
    if (armed && !armedRef.current) last.current = Date.now();
    armedRef.current = armed;
  }, [armed]);

  useEffect(() => {
    last.current = Date.now();
    const onActivity = () => {
      last.current = Date.now();
      touched.current = true;
    };
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, onActivity, { capture: true, passive: true });
    const timer = setInterval(() => {
      if (!armedRef.current && !touched.current) return;
      const left = timeoutMs - (Date.now() - last.current);
      if (left <= 0) {
        touched.current = false;
        last.current = Date.now(); // once per idle spell, even while the clearing is in flight
        setSecondsLeft(null);
        onIdleRef.current();
      } else setSecondsLeft(left <= warnMs ? Math.ceil(left / 1000) : null);
    }, TICK_MS);
    return () => {
      clearInterval(timer);
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, onActivity, { capture: true });
    };
  }, [timeoutMs, warnMs]);

  /** Forget the input seen so far (the screen was cleared by hand, e.g. logout). */
  const reset = useCallback(() => {
    touched.current = false;
    setSecondsLeft(null);
  }, []);

  return { secondsLeft, reset };
}
