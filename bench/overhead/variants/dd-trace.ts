// dd-trace as an ESM app loads it (what `--import dd-trace/initialize.mjs` does, with explicit options): init the
// tracer, then register its loader hook so express and pg imported afterwards are patched. Only the http, express
// and pg plugins are on; startup logs, telemetry, remote configuration and runtime metrics are off (also in the
// variant's env), so its only traffic is traces to the sink, flushed every 2 s (its default).
import { register } from 'node:module';
import tracer from 'dd-trace';
import type { InstallInstrumentation } from '../instrumentation.js';

export const install: InstallInstrumentation = async ({ sinkUrl, serviceName }) => {
  const { hostname, port } = new URL(sinkUrl);
  tracer.init({
    service: serviceName,
    hostname,
    port: Number(port),
    startupLogs: false,
    runtimeMetrics: false,
    plugins: false,
  });
  tracer.use('http', {});
  tracer.use('express', {});
  tracer.use('pg', {});
  register('dd-trace/loader-hook.mjs', import.meta.url);
  // dd-trace has no public flush-and-stop; its exporter timer is unref'd, so the process exits without it.
  return { middleware: [], shutdown: async () => {} };
};
