// A fetch stand-in for component tests: answers by path (without the query string), records every call.

export type Answer = { status?: number; body: unknown } | ((url: URL) => { status?: number; body: unknown });

export interface FakeFetch {
  fetch: typeof fetch;
  calls: { url: URL; authorization: string | null }[];
  routes: Map<string, Answer>;
}

export function fakeFetch(routes: Record<string, Answer> = {}): FakeFetch {
  const table = new Map(Object.entries(routes));
  const calls: FakeFetch['calls'] = [];
  const impl = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://stride.test');
    const headers = new Headers(init?.headers);
    calls.push({ url, authorization: headers.get('authorization') });
    const answer = table.get(url.pathname);
    const { status = 200, body } =
      answer === undefined
        ? { status: 404, body: { error: { code: 'not_found', message: `no route ${url.pathname}` } } }
        : typeof answer === 'function'
          ? answer(url)
          : answer;
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
  return { fetch: impl as typeof fetch, calls, routes: table };
}
