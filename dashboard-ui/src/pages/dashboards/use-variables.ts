import type { ApiClient } from '../../api/client.js';
import { type QueryState, useQuery } from '../../api/use-query.js';
import { buildRequest, busiestOption, chooseValue, type Values, variableOptions } from './dashboard-engine.js';
import type { Variable } from './dashboard-types.js';

export interface ResolvedVariables {
  options: Record<string, string[]>;
  values: Record<string, string>;
}

/** URL key of a variable's selection, Grafana-style. */
export const variableParam = (name: string) => `var-${name}`;

/**
 * Options and current values of every variable, in declaration order: a query variable's endpoint may use the
 * values chosen for the variables before it, so they resolve one after another. A value comes from the URL, else
 * the declared default, else (query variables) the option whose row has the most requests, else the first option.
 */
export async function resolveVariables(
  api: ApiClient,
  variables: readonly Variable[],
  fromUrl: (name: string) => string | null,
  range: { from: string; to: string },
  signal?: AbortSignal,
): Promise<ResolvedVariables> {
  const options: Record<string, string[]> = {};
  const values: Record<string, string> = {};
  for (const variable of variables) {
    let list: string[];
    let fallback = variable.default;
    if (variable.type === 'custom') {
      list = variable.options;
    } else {
      const request = buildRequest(variable.query.endpoint, variable.query.params, values as Values, range);
      const response = await api.get(request.path, request.query, signal);
      list = variableOptions(response, variable.query.rows, variable.query.value);
      // Without a declared default, the busiest row's value (most requests in the range) beats the first one.
      fallback ??= busiestOption(response, variable.query.rows, variable.query.value);
    }
    options[variable.name] = list;
    values[variable.name] = chooseValue(list, fromUrl(variable.name), fallback);
  }
  return { options, values };
}

export function useVariables(
  variables: readonly Variable[] | undefined,
  params: URLSearchParams,
  range: { from: string; to: string },
): QueryState<ResolvedVariables> {
  const selected = (variables ?? []).map((v) => params.get(variableParam(v.name)));
  return useQuery(
    variables === undefined ? null : JSON.stringify(['variables', variables, selected, range]),
    (api, signal) => resolveVariables(api, variables ?? [], (name) => params.get(variableParam(name)), range, signal),
    JSON.stringify(['variables', variables]),
  );
}
