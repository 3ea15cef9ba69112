// The one place the dashboard talks HTTP: bearer auth, JSON, typed errors. A 401 on any request calls
// `onUnauthorized` (the session signs out with a message) before the error reaches the panel.
import type { paths } from './schema.js';

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

/** An API answer other than 2xx, or a network failure (status 0). `message` is the server's, for the panel. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ApiClient {
  /** GET `path` (already expanded) with `query`; resolves to the parsed JSON body. */
  get(path: string, query?: Query, signal?: AbortSignal): Promise<unknown>;
  /** POST a JSON body (editor and admin actions); resolves to the parsed JSON answer. */
  post(path: string, body: unknown): Promise<unknown>;
}

export interface ApiClientOptions {
  token: string;
  onUnauthorized?: (error: ApiError) => void;
  fetchImpl?: typeof fetch;
  baseUrl?: string;
}

export function buildUrl(path: string, query: Query = {}, baseUrl = ''): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== null && value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return `${baseUrl}${path}${text === '' ? '' : `?${text}`}`;
}

async function errorOf(response: Response): Promise<ApiError> {
  let code = `http_${response.status}`;
  let message = `${response.status} ${response.statusText}`.trim();
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string') message = body.error.message;
  } catch {
    // Not JSON (a proxy's error page): keep the status line.
  }
  return new ApiError(response.status, code, message);
}

export function createApiClient({
  token,
  onUnauthorized,
  fetchImpl = globalThis.fetch.bind(globalThis),
  baseUrl = '',
}: ApiClientOptions): ApiClient {
  const send = async (url: string, init: RequestInit, signal?: AbortSignal): Promise<unknown> => {
    let response: Response;
    try {
      response = await fetchImpl(url, {
        ...init,
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...init.headers },
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ApiError(0, 'network', 'The metrics service could not be reached');
    }
    if (!response.ok) {
      const error = await errorOf(response);
      if (response.status === 401) onUnauthorized?.(error);
      throw error;
    }
    return response.status === 204 ? undefined : response.json();
  };
  return {
    get: (path, query, signal) => send(buildUrl(path, query, baseUrl), { method: 'GET' }, signal),
    post: (path, body) =>
      send(buildUrl(path, {}, baseUrl), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      }),
  };
}

// ---- Types derived from the generated OpenAPI schema ----

type GetOperation<P extends keyof paths> = paths[P] extends { get: infer Op } ? Op : never;

/** Every path with a GET operation that answers JSON. */
export type GetPath = {
  [P in keyof paths]: GetOperation<P> extends { responses: { 200: { content: { 'application/json': unknown } } } }
    ? P
    : never;
}[keyof paths];

export type GetResponse<P extends GetPath> =
  GetOperation<P> extends {
    responses: { 200: { content: { 'application/json': infer T } } };
  }
    ? T
    : never;

type ParamsOf<P extends GetPath> = GetOperation<P> extends { parameters: infer Params } ? Params : never;
export type GetQuery<P extends GetPath> = ParamsOf<P> extends { query?: infer Q } ? NonNullable<Q> : never;
export type GetPathParams<P extends GetPath> = ParamsOf<P> extends { path: infer T } ? T : never;

export interface GetParams<P extends GetPath> {
  path?: GetPathParams<P>;
  query?: GetQuery<P>;
}

/** `/api/v1/services/{service}/routes` + { service: 'a/b' } → `/api/v1/services/a%2Fb/routes`. */
export function expandPath(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`path parameter ${name} missing for ${template}`);
    return encodeURIComponent(String(value));
  });
}

/** A typed GET: the path, its parameters and its response all come from the OpenAPI document. */
export async function getTyped<P extends GetPath>(
  client: ApiClient,
  path: P,
  params: GetParams<P> = {},
  signal?: AbortSignal,
): Promise<GetResponse<P>> {
  const url = expandPath(path, (params.path ?? {}) as Record<string, string | number>);
  return (await client.get(url, (params.query ?? {}) as Query, signal)) as GetResponse<P>;
}
