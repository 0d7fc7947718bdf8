import { useEffect, useState } from 'react';
import type { AppStatus } from '../../shared/contract/app.contract';
import type { ErrorBody } from '../../shared/envelope';
import { call, subscribe } from '../api/client';

/** Live status from main: polled every 15 s and pushed on change. */
export function useStatus(): { status: AppStatus | null; error: ErrorBody | null } {
  const [status, setStatus] = useState<AppStatus | null>(null);
  const [error, setError] = useState<ErrorBody | null>(null);
  useEffect(() => {
    let alive = true;
    const load = async () => {
      const res = await call('app:status', {});
      if (!alive) return;
      if (res.ok) {
        setStatus(res.data);
        setError(null);
      } else setError(res.error);
    };
    void load();
    const timer = setInterval(() => void load(), 15_000);
    const off = subscribe('app:status-changed', (s) => setStatus(s));
    return () => {
      alive = false;
      clearInterval(timer);
      off();
    };
  }, []);
  return { status, error };
}
