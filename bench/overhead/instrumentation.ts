// What a variant module gives the benchmark app: Express middleware to mount before the routes (empty for tracers
// that patch modules instead) and a way to stop timers and flush before the process exits.
import type { RequestHandler } from 'express';

export interface InstrumentationContext {
  /** Base URL of the local discard sink (http://127.0.0.1:port). */
  sinkUrl: string;
  serviceName: string;
}

export interface Instrumentation {
  middleware: RequestHandler[];
  shutdown(): Promise<void>;
}

/**
 * Installs one variant's instrumentation. Runs in the variant's own process before express, pg and the app are
 * imported, so tracers that patch modules on load see them.
 */
export type InstallInstrumentation = (context: InstrumentationContext) => Promise<Instrumentation>;
