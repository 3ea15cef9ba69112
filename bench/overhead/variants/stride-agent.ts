// The Stride agent as the shop runs it: request metrics and tail-sampled traces from its Express middleware, pg
// instrumented, runtime metrics on, OTLP protobuf + gzip to the sink. flushIntervalMillis matches OpenTelemetry's
// batch delay (5 s) so every measured window contains exports, where the 10 s default might not.
import * as strideAgent from '@stride/agent';
import pg from 'pg';
import type { InstallInstrumentation } from '../instrumentation.js';

export const install: InstallInstrumentation = async (context) => installStride(strideAgent.startAgent, context);

/** The same setup with any build's startAgent (see stride-compare.ts). */
export const installStride = async (
  startAgent: typeof strideAgent.startAgent,
  { sinkUrl, serviceName }: Parameters<InstallInstrumentation>[0],
) => {
  const agent = startAgent({ serviceName, endpoint: sinkUrl, flushIntervalMillis: 5_000, instrument: { pg } });
  return { middleware: [agent.express()], shutdown: () => agent.shutdown() };
};
