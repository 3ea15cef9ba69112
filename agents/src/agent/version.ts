/** Reported as telemetry.sdk.version and the instrumentation scope version; keep in step with package.json. */
export const AGENT_VERSION = '0.1.0';
export const AGENT_NAME = '@stride/agent';
