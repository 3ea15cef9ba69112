import diagnosticsChannel from 'node:diagnostics_channel';
import { LruMap } from '../agent/lru-map.js';
import type { OutboundCall, OutboundCalls } from './outbound-calls.js';

/** The fields of an undici Request (undici 5–7, bundled with Node's fetch) we read. */
interface UndiciRequest {
  origin?: unknown;
  method?: unknown;
  path?: unknown;
  headers?: unknown;
  addHeader?: (name: string, value: string) => unknown;
}

interface Origin {
  host: string;
  port: number;
  /** `http://host:port`, to recognise the agent's own endpoint. */
  href: string;
}

export interface UndiciChannelsDeps {
  calls: OutboundCalls;
  /** URL prefixes never instrumented (the agent's own OTLP endpoint). */
  ignoredUrlPrefixes: readonly string[];
  onError: (err: unknown) => void;
}

/**
 * Observes fetch() and undici through their diagnostics channels, no patching: request:create (start; inject
 * traceparent with request.addHeader — it runs in the caller's async context), client:sendHeaders (which socket:
 * one seen before means a reused connection), request:headers (status), request:trailers (body complete: end) and
 * request:error. Returns the unsubscribe function.
 */
export function subscribeUndici({ calls, ignoredUrlPrefixes, onError }: UndiciChannelsDeps): () => void {
  const inFlight = new WeakMap<object, OutboundCall>();
  const seenSockets = new WeakSet<object>();
  const origins = new LruMap<string, Origin | null>(256);

  // Each handler reads the fields undici documents for its channel.
  // biome-ignore lint/suspicious/noExplicitAny: channel messages are untyped
  const handlers: Record<string, (message: any) => void> = {
    'undici:request:create': ({ request }: { request: UndiciRequest }) => {
      const origin = originOf(request.origin, origins);
      const path = typeof request.path === 'string' ? request.path : '/';
      if (!origin || ignoredUrlPrefixes.some((prefix) => `${origin.href}${path}`.startsWith(prefix))) return;
      const outbound = calls.start({
        method: typeof request.method === 'string' ? request.method : 'GET',
        host: origin.host,
        port: origin.port,
        path,
      });
      inFlight.set(request, outbound);
      const traceparent = calls.traceparent(outbound);
      if (traceparent && typeof request.addHeader === 'function' && !hasTraceparent(request.headers)) {
        request.addHeader('traceparent', traceparent);
      }
    },
    'undici:client:sendHeaders': ({ request, socket }: { request: object; socket: object }) => {
      const outbound = inFlight.get(request);
      if (!outbound || !socket) return;
      outbound.socketReused = seenSockets.has(socket);
      seenSockets.add(socket);
    },
    'undici:request:headers': ({ request, response }: { request: object; response: { statusCode?: unknown } }) => {
      const outbound = inFlight.get(request);
      if (outbound && typeof response?.statusCode === 'number') outbound.statusCode = response.statusCode;
    },
    'undici:request:trailers': ({ request }: { request: object }) => {
      const outbound = inFlight.get(request);
      if (!outbound) return;
      inFlight.delete(request);
      calls.finish(outbound);
    },
    'undici:request:error': ({ request, error }: { request: object; error: unknown }) => {
      const outbound = inFlight.get(request);
      if (!outbound) return;
      inFlight.delete(request);
      calls.finish(outbound, error ?? new Error('request failed'));
    },
  };

  const subscribed: Array<[string, (message: unknown) => void]> = [];
  for (const [name, handler] of Object.entries(handlers)) {
    const safe = (message: unknown) => {
      try {
        handler(message);
      } catch (err) {
        onError(err);
      }
    };
    diagnosticsChannel.subscribe(name, safe);
    subscribed.push([name, safe]);
  }
  return () => {
    for (const [name, handler] of subscribed) diagnosticsChannel.unsubscribe(name, handler);
  };
}

function originOf(origin: unknown, cache: LruMap<string, Origin | null>): Origin | undefined {
  const text = typeof origin === 'string' ? origin : origin instanceof URL ? origin.origin : undefined;
  if (text === undefined) return undefined;
  let parsed = cache.get(text);
  if (parsed === undefined) {
    try {
      const url = new URL(text);
      const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
      parsed = { host: url.hostname, port, href: `${url.protocol}//${url.host}` };
    } catch {
      parsed = null;
    }
    cache.set(text, parsed);
  }
  return parsed ?? undefined;
}

/** undici keeps headers as a flat [name, value, …] array (≥ 6) or a raw `name: value\r\n` string (5). */
function hasTraceparent(headers: unknown): boolean {
  if (Array.isArray(headers)) {
    for (let i = 0; i < headers.length; i += 2) {
      if (String(headers[i]).toLowerCase() === 'traceparent') return true;
    }
    return false;
  }
  return typeof headers === 'string' && /(^|\n)traceparent:/i.test(headers);
}
