import type { BenchmarkSummary } from './summary.js';

/** Stride could not be reached, refused the token, or rejected the summary; the message is one line. */
export class StrideRequestError extends Error {
  override readonly name = 'StrideRequestError';
}

export interface StrideTarget {
  /** Origin of the metrics service, e.g. `http://127.0.0.1:4318`. */
  url: string;
  /** Bearer token; posting needs the editor role. */
  token: string;
  fetchImpl?: typeof fetch;
  timeoutMillis?: number;
}

async function call(
  { url, token, fetchImpl = fetch, timeoutMillis = 10_000 }: StrideTarget,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  let response: Response;
  try {
    response = await fetchImpl(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(timeoutMillis),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    throw new StrideRequestError(`cannot reach Stride at ${url} (${cause})`);
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json };
}

function problem(status: number, json: unknown): string {
  const message = (json as { error?: { message?: unknown } } | undefined)?.error?.message;
  return typeof message === 'string' ? `${status}: ${message}` : String(status);
}

/** Fails fast, before a run, when the service is down or the token unknown (a wrong role shows at the POST). */
export async function checkStrideAccess(target: StrideTarget): Promise<void> {
  const { status, json } = await call(target, 'GET', '/api/v1/benchmarks?limit=1');
  if (status !== 200) {
    throw new StrideRequestError(`Stride at ${target.url} refused GET /api/v1/benchmarks (${problem(status, json)})`);
  }
}

/** Stores the summary; resolves with the id Stride gave it. */
export async function postBenchmark(target: StrideTarget, summary: BenchmarkSummary): Promise<{ id: string }> {
  const { status, json } = await call(target, 'POST', '/api/v1/benchmarks', summary);
  const id = (json as { id?: unknown } | undefined)?.id;
  if (status !== 201 || typeof id !== 'string') {
    throw new StrideRequestError(`Stride rejected the summary (${problem(status, json)})`);
  }
  return { id };
}
