import { useEffect, useRef } from 'react';

/**
 * For a bar stuck to the window's bottom (the Register button's): the page's scroll padding at
 * the bottom is the bar's height while it is on screen, so a field that focus brings into view
 * stops above the bar instead of under it (WCAG 2.4.11: at 1366×768 Tab put the insurance branch
 * field wholly under the Register bar; outside probe 2026-12-07). Exactly the bar's height: a
 * field already in view above it is not scrolled (nothing moves under a click).
 */
export function useBottomBarScrollPadding<E extends HTMLElement>() {
  const ref = useRef<E>(null);
  useEffect(() => {
    const bar = ref.current;
    const root = document.documentElement;
    if (!bar) return undefined;
    const apply = () => {
      root.style.scrollPaddingBottom = `${Math.ceil(bar.getBoundingClientRect().height)}px`;
    };
    apply();
    const watch = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(apply);
    watch?.observe(bar);
    return () => {
      watch?.disconnect();
      root.style.scrollPaddingBottom = '';
    };
  }, []);
  return ref;
}
