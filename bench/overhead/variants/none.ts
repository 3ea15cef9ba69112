// The baseline: the same app with nothing installed.
import type { InstallInstrumentation } from '../instrumentation.js';

export const install: InstallInstrumentation = async () => ({ middleware: [], shutdown: async () => {} });
