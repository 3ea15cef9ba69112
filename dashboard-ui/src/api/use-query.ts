import { useEffect, useRef, useState } from 'react';
import { useApi } from '../auth/session-context.js';
import { useTime } from '../state/time-context.js';
import { type ApiClient, type GetParams, type GetPath, type GetResponse, getTyped, type Query } from './client.js';

export interface QueryState<T> {
  data: T | undefined;
  error: Error | undefined;
  /** True while a request is in flight, also when `data` still shows the previous answer. */
  loading: boolean;
}

interface Held<T> extends QueryState<T> {
  identity: string | null;
}

/**
 * Runs `run` whenever `key` changes or the time context refreshes; null `key` means "not yet" (e.g. waiting for
 * another query). While a new answer loads, the previous one stays visible if it has the same `identity` (the
 * same question over another time window), so charts do not blink on auto-refresh.
 */
export function useQuery<T>(
  key: string | null,
  run: (api: ApiClient, signal: AbortSignal) => Promise<T>,
  identity: string | null = key,
): QueryState<T> {
  const api = useApi();
  const { nowMs } = useTime();
  const runRef = useRef(run);
  runRef.current = run;
  const [state, setState] = useState<Held<T>>({ data: undefined, error: undefined, loading: key !== null, identity });
  const fullKey = key === null ? null : `${key}@${nowMs}`;

  useEffect(() => {
    if (fullKey === null) {
      setState({ data: undefined, error: undefined, loading: false, identity });
      return;
    }
    const controller = new AbortController();
    setState((prev) => ({
      data: prev.identity === identity ? prev.data : undefined,
      error: undefined,
      loading: true,
      identity,
    }));
    runRef.current(api, controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, error: undefined, loading: false, identity });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const failure = error instanceof Error ? error : new Error(String(error));
        setState({ data: undefined, error: failure, loading: false, identity });
      },
    );
    return () => controller.abort();
  }, [fullKey, api, identity]);

  return { data: state.data, error: state.error, loading: state.loading };
}

/** The question without its time window: answers to it over another window may stand in while loading. */
function identityOf(path: string, query: Record<string, unknown> = {}): string {
  const { from: _from, to: _to, ...rest } = query;
  return JSON.stringify([path, rest]);
}

/** A typed GET of one API path; `params` null waits. */
export function useGet<P extends GetPath>(path: P, params: GetParams<P> | null): QueryState<GetResponse<P>> {
  const key = params === null ? null : JSON.stringify([path, params]);
  const identity =
    params === null
      ? null
      : identityOf(path, { ...(params.path as object | undefined), ...(params.query as object | undefined) });
  return useQuery(key, (api, signal) => getTyped(api, path, params ?? {}, signal), identity);
}

/** A GET of an endpoint that is not (yet) in the OpenAPI document; the caller states the response type. */
export function useGetUnchecked<T>(path: string, query: Query | null): QueryState<T> {
  const key = query === null ? null : JSON.stringify([path, query]);
  const identity = query === null ? null : identityOf(path, query);
  return useQuery(key, (api, signal) => api.get(path, query ?? {}, signal) as Promise<T>, identity);
}
