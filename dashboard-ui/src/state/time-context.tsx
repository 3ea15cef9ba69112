import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { type RefreshKey, refreshMs, resolveRange, type TimeRange } from './time-range.js';
import { readGlobalState, withParams } from './url-state.js';

export interface TimeContextValue {
  range: TimeRange;
  refresh: RefreshKey;
  fromMs: number;
  toMs: number;
  /** When the range was last resolved; part of every query key, so "refresh" refetches absolute ranges too. */
  nowMs: number;
  setRange(range: TimeRange): void;
  setRefresh(refresh: RefreshKey): void;
  refreshNow(): void;
}

const TimeContext = createContext<TimeContextValue | null>(null);

/**
 * The global time range from the URL, resolved once per refresh so all panels query the same window. Auto-refresh
 * re-resolves on its interval while the tab is visible.
 */
export function TimeProvider({ children }: { children: ReactNode }) {
  const [params, setParams] = useSearchParams();
  const { range, refresh } = readGlobalState(params);
  const [nowMs, setNowMs] = useState(() => Date.now());

  const refreshNow = useCallback(() => setNowMs(Date.now()), []);

  const setRange = useCallback(
    (next: TimeRange) => {
      setParams((prev) => withParams(prev, { from: next.from, to: next.to }));
      setNowMs(Date.now());
    },
    [setParams],
  );

  const setRefresh = useCallback(
    (next: RefreshKey) => setParams((prev) => withParams(prev, { refresh: next }), { replace: true }),
    [setParams],
  );

  useEffect(() => {
    const interval = refreshMs(refresh);
    if (interval === null) return;
    const timer = setInterval(() => {
      if (document.visibilityState !== 'hidden') setNowMs(Date.now());
    }, interval);
    return () => clearInterval(timer);
  }, [refresh]);

  const { from, to } = range;
  const value = useMemo(() => {
    const resolved = resolveRange({ from, to }, nowMs);
    return { range: { from, to }, refresh, nowMs, ...resolved, setRange, setRefresh, refreshNow };
  }, [from, to, refresh, nowMs, setRange, setRefresh, refreshNow]);
  return <TimeContext.Provider value={value}>{children}</TimeContext.Provider>;
}

export function useTime(): TimeContextValue {
  const value = useContext(TimeContext);
  if (value === null) throw new Error('useTime outside TimeProvider');
  return value;
}

/** The `from`/`to` query parameters for the resolved window, as unix ms. */
export function useRangeQuery(): { from: string; to: string } {
  const { fromMs, toMs } = useTime();
  return useMemo(() => ({ from: String(Math.floor(fromMs)), to: String(Math.ceil(toMs)) }), [fromMs, toMs]);
}
