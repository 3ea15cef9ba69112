// The variants measured side by side, in table order: a registry keyed by name, so a new tracer is an added entry.
// `env` is applied when the variant's process is spawned (some tracers read configuration only from there);
// `load` is imported inside that process only, so no variant's modules leak into another's process.
import type { InstallInstrumentation } from './instrumentation.js';

export interface Variant {
  label: string;
  env?: Record<string, string>;
  load(): Promise<{ install: InstallInstrumentation }>;
}

/** Table order of a default run. */
export const VARIANT_NAMES = ['none', 'stride', 'promBundle', 'opentelemetry', 'ddTrace'] as const;

/** Measured only when asked for (STRIDE_BENCH_VARIANTS): another build of the Stride agent. */
export type VariantName = (typeof VARIANT_NAMES)[number] | 'strideCompare';

export const VARIANTS: Readonly<Record<VariantName, Variant>> = {
  none: { label: 'no instrumentation', load: () => import('./variants/none.js') },
  stride: { label: 'Stride agent (metrics + traces, pg)', load: () => import('./variants/stride-agent.js') },
  strideCompare: {
    label: 'Stride agent, other build (STRIDE_BENCH_COMPARE_AGENT)',
    load: () => import('./variants/stride-compare.js'),
  },
  promBundle: { label: 'express-prom-bundle', load: () => import('./variants/prom-bundle.js') },
  opentelemetry: {
    label: 'OpenTelemetry (http, express, pg; batch OTLP)',
    load: () => import('./variants/opentelemetry.js'),
  },
  ddTrace: {
    label: 'dd-trace (http, express, pg)',
    env: {
      DD_TRACE_STARTUP_LOGS: 'false',
      DD_INSTRUMENTATION_TELEMETRY_ENABLED: 'false',
      DD_REMOTE_CONFIGURATION_ENABLED: 'false',
      DD_RUNTIME_METRICS_ENABLED: 'false',
      DD_PROFILING_ENABLED: 'false',
    },
    load: () => import('./variants/dd-trace.js'),
  },
};

export function isVariantName(value: unknown): value is VariantName {
  return typeof value === 'string' && Object.hasOwn(VARIANTS, value);
}
