// OpenTelemetry auto-instrumentation as its docs set it up for an ESM app: the import-in-the-middle loader hook
// (registered here, before the app is imported, and told to wrap only the hooked modules), a NodeTracerProvider
// with a BatchSpanProcessor (default 5 s delay, 2,048-span queue, 512-span batches) and the OTLP/HTTP protobuf
// exporter, and the http, express and pg instrumentations with their defaults (a span per middleware included).
import { register } from 'node:module';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { createAddHookMessageChannel } from 'import-in-the-middle';
import type { InstallInstrumentation } from '../instrumentation.js';

export const install: InstallInstrumentation = async ({ sinkUrl, serviceName }) => {
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${sinkUrl}/v1/traces` }))],
  });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [new HttpInstrumentation(), new ExpressInstrumentation(), new PgInstrumentation()],
  });
  await waitForAllMessagesAcknowledged();
  return { middleware: [], shutdown: () => provider.shutdown() };
};
