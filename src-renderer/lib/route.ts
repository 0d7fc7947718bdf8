import { useEffect, useState } from 'react';

/**
 * Hash routes (`#/accounts/12`): they work the same in Electron's file:// window and in browser
 * mode, and never make the bridge serve anything but the app shell.
 *
 * Every history entry is stamped with the login it was made under (issue 12 item 7): Back into an
 * entry of an earlier login — the previous person's citizen page — lands on home instead, so the
 * next person can neither see that page nor have its view logged under their name.
 */
const OWNER_KEY = 'desk.route-owner';
const ROUTE_EVENT = 'desk-route';

interface RouteState {
  owner: string | null;
}

function currentOwner(): string | null {
  return sessionStorage.getItem(OWNER_KEY);
}

function ownerOf(state: unknown): string | null | undefined {
  return state && typeof state === 'object' && 'owner' in state ? (state as RouteState).owner : undefined;
}

export function currentPath(): string {
  const h = location.hash.replace(/^#/, '');
  if (h.startsWith('launch=')) return '/';
  return h.startsWith('/') ? h : '/';
}

function stamp(path: string, mode: 'push' | 'replace'): void {
  const state: RouteState = { owner: currentOwner() };
  if (mode === 'push') history.pushState(state, '', `#${path}`);
  else history.replaceState(state, '', `${location.pathname}${location.search}#${path}`);
  window.dispatchEvent(new Event(ROUTE_EVENT));
}

export function navigate(path: string): void {
  if (currentPath() !== path) stamp(path, 'push');
}

/**
 * A login (a fresh owner) or a logout (none) starts a new history: the current entry becomes home,
 * and every entry made before belongs to someone else from now on.
 */
export function startRouteHistory(login: boolean): void {
  if (login) sessionStorage.setItem(OWNER_KEY, crypto.randomUUID());
  else sessionStorage.removeItem(OWNER_KEY);
  stamp('/', 'replace');
}

/** An address typed by hand is adopted by the current login; an entry of another login goes home. */
function checkEntry(): void {
  const owner = ownerOf(history.state);
  if (owner === undefined) history.replaceState({ owner: currentOwner() } satisfies RouteState, '');
  else if (owner !== currentOwner()) stamp('/', 'replace');
}

export function useRoute(): string {
  const [path, setPath] = useState(() => {
    checkEntry();
    return currentPath();
  });
  useEffect(() => {
    const onHistory = () => {
      checkEntry();
      setPath(currentPath());
    };
    const onOwn = () => setPath(currentPath());
    window.addEventListener('popstate', onHistory);
    window.addEventListener('hashchange', onHistory);
    window.addEventListener(ROUTE_EVENT, onOwn);
    return () => {
      window.removeEventListener('popstate', onHistory);
      window.removeEventListener('hashchange', onHistory);
      window.removeEventListener(ROUTE_EVENT, onOwn);
    };
  }, []);
  return path;
}

/** `/accounts/:id` against `/accounts/12` → { id: '12' }, or null. */
export function matchRoute(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/');
  const a = path.split('/');
  if (p.length !== a.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i]!.startsWith(':')) params[p[i]!.slice(1)] = decodeURIComponent(a[i]!);
    else if (p[i] !== a[i]) return null;
  }
  return params;
}
