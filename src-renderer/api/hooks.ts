import { useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import type { Channel, Input, Output } from '../../shared/contract';
import type { ErrorBody } from '../../shared/envelope';
import { call } from './client';

/** A refusal from main, carried as an Error so that TanStack Query can hold it. */
export class CallError extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.message);
    this.name = 'CallError';
  }
}

type SessionListener = (code: 'SESSION_LOCKED' | 'UNAUTHENTICATED' | 'PASSWORD_CHANGE_REQUIRED') => void;
const sessionListeners = new Set<SessionListener>();

/** The shell listens here to show the lock screen or the login when main says so. */
export function onSessionProblem(fn: SessionListener): () => void {
  sessionListeners.add(fn);
  return () => sessionListeners.delete(fn);
}

/** Calls a channel and throws `CallError` on a refusal; session problems also reach the shell. */
export async function callOrThrow<C extends Channel>(channel: C, input: Input<C>, opts: { background?: boolean } = {}): Promise<Output<C>> {
  const r = await call(channel, input, opts);
  if (r.ok) return r.data;
  const code = r.error.code;
  if (code === 'SESSION_LOCKED' || code === 'UNAUTHENTICATED' || code === 'PASSWORD_CHANGE_REQUIRED') {
    for (const l of sessionListeners) l(code);
  }
  throw new CallError(r.error);
}

/** Read a channel through TanStack Query; the key is the channel and its input. */
export function useCall<C extends Channel>(
  channel: C,
  input: Input<C>,
  options: Omit<UseQueryOptions<Output<C>, CallError>, 'queryKey' | 'queryFn'> = {},
) {
  const qc = useQueryClient();
  return useQuery<Output<C>, CallError>({
    queryKey: [channel, input],
    // A polling screen's refreshes are the page's own doing, not the person's: marked background,
    // they do not hold off the idle lock (the first load, a person's navigation, still counts).
    queryFn: ({ queryKey }) =>
      callOrThrow(channel, input, { background: Boolean(options.refetchInterval) && (qc.getQueryState(queryKey)?.dataUpdateCount ?? 0) > 0 }),
    ...options,
  });
}

/** A write: invalidates the listed channels' queries when it succeeds. */
export function useAction<C extends Channel>(channel: C, opts: { invalidates?: Channel[] } = {}) {
  const qc = useQueryClient();
  return useMutation<Output<C>, CallError, Input<C>>({
    mutationFn: (input) => callOrThrow(channel, input),
    onSuccess: async () => {
      await Promise.all((opts.invalidates ?? []).map((c) => qc.invalidateQueries({ queryKey: [c] })));
    },
  });
}
