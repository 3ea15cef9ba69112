import diagnosticsChannel from 'node:diagnostics_channel';
import http, { type ClientRequest, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import { type AnyFunction, hookMethod } from '../instrumentation/method-hooks.js';
import { EXPORTER_AGENT } from '../otlp/http-transport.js';
import type { OutboundCall, OutboundCalls } from './outbound-calls.js';

export interface NodeHttpClientDeps {
  calls: OutboundCalls;
  /** URL prefixes never instrumented (the agent's own OTLP endpoint, for custom transports). */
  ignoredUrlPrefixes: readonly string[];
  onError: (err: unknown) => void;
}

type RequestHook = (request: ClientRequest) => void;

/**
 * Observes node:http / node:https clients. Node 20 publishes `http.client.request.start` only once the request
 * has ended (headers already sent), so the request's creation — where the caller's async context is, and where a
 * traceparent header can still be set — is caught by wrapping http(s).request and .get; the outcome comes from
 * the diagnostics channels `http.client.response.finish` (status, socket reuse; the call ends with the response
 * body) and `http.client.request.error`, plus the request's own 'close' for aborted requests. Returns the unhook
 * function.
 */
export function instrumentNodeHttpClient({ calls, ignoredUrlPrefixes, onError }: NodeHttpClientDeps): () => void {
  const inFlight = new WeakMap<ClientRequest, OutboundCall>();

  const onRequest: RequestHook = (request) => {
    try {
      const agent = (request as { agent?: Record<symbol, unknown> }).agent;
      if (agent?.[EXPORTER_AGENT]) return;
      const target = describe(request);
      const defaultPort = request.protocol === 'https:' ? 443 : 80;
      const url = `${request.protocol}//${target.host}${target.port === defaultPort ? '' : `:${target.port}`}${target.path}`;
      if (ignoredUrlPrefixes.some((prefix) => url.startsWith(prefix))) return;
      const outbound = calls.start(target);
      inFlight.set(request, outbound);
      const traceparent = calls.traceparent(outbound);
      if (traceparent && !request.headersSent && !request.hasHeader('traceparent')) {
        request.setHeader('traceparent', traceparent);
      }
      request.once('close', () => {
        if (inFlight.get(request) !== outbound) return;
        inFlight.delete(request);
        calls.finish(outbound, outbound.statusCode === undefined ? abortedError() : undefined);
      });
    } catch (err) {
      onError(err);
    }
  };

  const onResponse = (message: unknown) => {
    try {
      const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
      const outbound = inFlight.get(request);
      if (!outbound) return;
      outbound.statusCode = response.statusCode;
      outbound.socketReused = request.reusedSocket;
      const end = () => {
        if (inFlight.get(request) !== outbound) return;
        inFlight.delete(request);
        calls.finish(outbound);
      };
      response.once('end', end);
      response.once('close', end);
    } catch (err) {
      onError(err);
    }
  };

  const onError_ = (message: unknown) => {
    try {
      const { request, error } = message as { request: ClientRequest; error: unknown };
      const outbound = inFlight.get(request);
      if (!outbound) return;
      inFlight.delete(request);
      calls.finish(outbound, error ?? new Error('request failed'));
    } catch (err) {
      onError(err);
    }
  };

  const unhooks = [http, https].flatMap((module) => [
    hookMethod<RequestHook>(module, 'request', onRequest, wrapRequest),
    hookMethod<RequestHook>(module, 'get', onRequest, wrapGet(module)),
  ]);
  syncBuiltinESMExports();
  diagnosticsChannel.subscribe('http.client.response.finish', onResponse);
  diagnosticsChannel.subscribe('http.client.request.error', onError_);
  return () => {
    for (const unhook of unhooks) unhook();
    diagnosticsChannel.unsubscribe('http.client.response.finish', onResponse);
    diagnosticsChannel.unsubscribe('http.client.request.error', onError_);
  };
}

/** http.request(...): creates the request, then lets the hooks see it before the caller can write or end it. */
function wrapRequest(original: AnyFunction, hooks: ReadonlySet<RequestHook>): AnyFunction {
  return function strideRequest(this: unknown, ...args: unknown[]) {
    const request = original.apply(this, args) as ClientRequest;
    for (const hook of hooks) hook(request);
    return request;
  };
}

/**
 * http.get is `request(...)` then `end()`; its built-in version calls the module's internal request, so it is
 * rebuilt on the wrapped one to see the request before end() sends the headers.
 */
function wrapGet(module: typeof http | typeof https) {
  return (original: AnyFunction, hooks: ReadonlySet<RequestHook>): AnyFunction =>
    function strideGet(this: unknown, ...args: unknown[]) {
      if (hooks.size === 0) return original.apply(this, args);
      const request = (module.request as AnyFunction).apply(module, args) as ClientRequest;
      request.end();
      return request;
    };
}

function describe(request: ClientRequest) {
  const https = request.protocol === 'https:';
  const hostHeader = request.getHeader('host');
  const port = typeof hostHeader === 'string' ? portOf(hostHeader) : undefined;
  return {
    method: request.method,
    host: request.host,
    port: port ?? (https ? 443 : 80),
    path: request.path,
  };
}

/** `example.com:8080` → 8080, `[::1]:3000` → 3000, `example.com` → undefined. */
function portOf(hostHeader: string): number | undefined {
  const match = /:(\d{1,5})$/.exec(hostHeader);
  return match ? Number(match[1]) : undefined;
}

function abortedError(): Error {
  return Object.assign(new Error('request closed before a response'), { code: 'ABORTED' });
}
