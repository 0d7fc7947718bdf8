import { useEffect, useState } from 'react';

/**
 * Hash routes (`#/accounts/12`): they work the same in Electron's file:// window and in browser
 * mode, and never make the bridge serve anything but the app shell.
 */
export function currentPath(): string {
  const h = location.hash.replace(/^#/, '');
  if (h.startsWith('launch=')) return '/';
  return h.startsWith('/') ? h : '/';
}

export function navigate(path: string): void {
  if (currentPath() !== path) location.hash = path;
}

export function useRoute(): string {
  const [path, setPath] = useState(currentPath());
  useEffect(() => {
    const on = () => setPath(currentPath());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
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
