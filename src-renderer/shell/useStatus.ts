import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { AppStatus, KioskStatus } from '../../shared/contract/app.contract';
import type { ErrorBody } from '../../shared/envelope';
import { subscribe } from '../api/client';
import { useCall } from '../api/hooks';

/** Live status from main: polled every 15 s, pushed on change, refreshed when a screen invalidates it. */
export function useStatus(): { status: AppStatus | null; error: ErrorBody | null } {
  const qc = useQueryClient();
  const q = useCall('app:status', {}, { refetchInterval: 15_000 });
  useEffect(() => subscribe('app:status-changed', (s) => qc.setQueryData(['app:status', {}], s)), [qc]);
  return { status: q.data ?? null, error: q.error?.body ?? null };
}

/** The kiosk's status (portal:status): its session is valid, training, an upgrade going on; polled. */
export function useKioskStatus(): { status: KioskStatus | null; error: ErrorBody | null } {
  const q = useCall('portal:status', {}, { refetchInterval: 15_000 });
  return { status: q.data ?? null, error: q.error?.body ?? null };
}
