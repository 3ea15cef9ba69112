// Entry of one variant's process (spawned by child-process.ts as plain node on its built file): install the
// variant's instrumentation first, then import and start the app, report its URL over IPC, and stop when the parent
// says so or goes away.
import { isVariantName, VARIANTS } from './variants.js';

const {
  STRIDE_BENCH_VARIANT: variant,
  STRIDE_BENCH_DATABASE_URL: databaseUrl,
  STRIDE_BENCH_SINK_URL: sinkUrl,
} = process.env;
if (!isVariantName(variant) || !databaseUrl || !sinkUrl || !process.send) {
  console.error('target-process: needs STRIDE_BENCH_VARIANT, STRIDE_BENCH_DATABASE_URL, STRIDE_BENCH_SINK_URL and IPC');
  process.exit(2);
}

const { install } = await VARIANTS[variant].load();
const instrumentation = await install({ sinkUrl, serviceName: 'overhead-bench' });
const { startBenchApp } = await import('./bench-app.js');
const app = await startBenchApp({ databaseUrl, middleware: instrumentation.middleware });

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await app.close();
  await instrumentation.shutdown();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('disconnect', stop);
process.send({ type: 'ready', url: app.url });
