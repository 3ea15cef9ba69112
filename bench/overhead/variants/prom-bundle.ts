// express-prom-bundle with the labels comparable to the others' (method, normalized path, status) and prom-client's
// default process metrics. Prometheus pulls, so nothing is exported during the run; the registry is local, not
// prom-client's global one.
import promBundle from 'express-prom-bundle';
import { Registry } from 'prom-client';
import type { InstallInstrumentation } from '../instrumentation.js';

export const install: InstallInstrumentation = async () => {
  const registry = new Registry();
  const middleware = promBundle({
    includeMethod: true,
    includePath: true,
    includeStatusCode: true,
    promRegistry: registry,
    promClient: { collectDefaultMetrics: { register: registry } },
  });
  return { middleware: [middleware], shutdown: async () => registry.clear() };
};
