import type { HttpClientMetrics } from '../http-client/http-client-metrics.js';
import { instrumentNodeHttpClient } from '../http-client/node-http-client.js';
import { OutboundCalls } from '../http-client/outbound-calls.js';
import { subscribeUndici } from '../http-client/undici-channels.js';
import type { CallRecorder } from '../instrumentation/call-recorder.js';
import type { DbClientMetrics } from '../instrumentation/db-client-metrics.js';
import { instrumentPg } from '../pg/pg-instrumentation.js';
import type { PoolRegistry } from '../pg/pool-registry.js';
import { StatementCache } from '../pg/statement-cache.js';
import { instrumentIoredis } from '../redis/ioredis-instrumentation.js';
import type { ResolvedInstruments } from './instrument-options.js';

export interface InstrumentationContext {
  recorder: CallRecorder;
  dbMetrics: DbClientMetrics;
  httpMetrics: HttpClientMetrics;
  pools: PoolRegistry;
  /** URL prefixes the outbound-HTTP instrumentation skips: the agent's own OTLP endpoint. */
  ignoredUrlPrefixes: readonly string[];
  onError: (err: unknown) => void;
}

type Start<T> = (target: T, context: InstrumentationContext) => Array<() => void>;

/** Instrumentations keyed by their `instrument` entry; a new client library is a new entry. */
const INSTRUMENTATIONS: { [K in keyof ResolvedInstruments]: Start<NonNullable<ResolvedInstruments[K]>> } = {
  pg: (targets, { recorder, dbMetrics, pools, onError }) => [
    instrumentPg(targets, { recorder, metrics: dbMetrics, statements: new StatementCache(), pools, onError }),
  ],
  ioredis: (target, { recorder, dbMetrics, onError }) => [
    instrumentIoredis(target, { recorder, metrics: dbMetrics, onError }),
  ],
  http: (enabled, { recorder, httpMetrics, ignoredUrlPrefixes, onError }) => {
    if (!enabled) return [];
    const calls = new OutboundCalls(recorder, httpMetrics);
    return [
      subscribeUndici({ calls, ignoredUrlPrefixes, onError }),
      instrumentNodeHttpClient({ calls, ignoredUrlPrefixes, onError }),
    ];
  },
};

/** Starts every requested instrumentation; returns their stop functions. One that fails is reported and skipped. */
export function startInstrumentations(instruments: ResolvedInstruments, context: InstrumentationContext) {
  const stops: Array<() => void> = [];
  for (const kind of Object.keys(INSTRUMENTATIONS) as Array<keyof ResolvedInstruments>) {
    const target = instruments[kind];
    if (target === undefined) continue;
    try {
      stops.push(...(INSTRUMENTATIONS[kind] as Start<typeof target>)(target, context));
    } catch (err) {
      context.onError(err);
    }
  }
  return stops;
}
