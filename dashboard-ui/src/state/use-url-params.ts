import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { linkWithGlobals, type ParamPatch, withParams } from './url-state.js';

/**
 * The page's query-string state and a setter that applies a patch. `replace` suits typing in a filter (no history
 * entry per keystroke); the default pushes, so Back undoes a sort or a selection.
 */
export function useUrlParams(defaults: Record<string, string> = {}) {
  const [params, setParams] = useSearchParams();
  const defaultsKey = JSON.stringify(defaults);
  const update = useCallback(
    (patch: ParamPatch, { replace = false }: { replace?: boolean } = {}) =>
      setParams((prev) => withParams(prev, patch, JSON.parse(defaultsKey) as Record<string, string>), { replace }),
    [setParams, defaultsKey],
  );
  return [params, update] as const;
}

/** Builds in-app links that keep the time range and auto-refresh. */
export function useLinkTo() {
  const [params] = useSearchParams();
  return useCallback((path: string, extra: ParamPatch = {}) => linkWithGlobals(path, params, extra), [params]);
}
