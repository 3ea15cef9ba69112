import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type Attributes, toKeyValues } from '../metrics/attributes.js';
import type { OtlpResource } from '../otlp/types.js';
import type { ResolvedAgentOptions } from './agent-options.js';
import { AGENT_NAME, AGENT_VERSION } from './version.js';

/**
 * Resource attributes identifying this process (OpenTelemetry resource semantic conventions). service.instance.id
 * is random per agent, so two replicas of one service (or a restarted one) never share cumulative state upstream.
 * Options win over user-supplied resourceAttributes for service.name and service.version.
 */
export function buildResource(
  options: Pick<ResolvedAgentOptions, 'serviceName' | 'serviceVersion' | 'resourceAttributes'>,
  instanceId: string = randomUUID(),
): OtlpResource {
  const attributes: Attributes = {
    'service.instance.id': instanceId,
    'host.name': hostname(),
    'process.pid': process.pid,
    'process.runtime.name': 'nodejs',
    'process.runtime.version': process.versions.node,
    'telemetry.sdk.name': AGENT_NAME,
    'telemetry.sdk.language': 'nodejs',
    'telemetry.sdk.version': AGENT_VERSION,
    ...options.resourceAttributes,
    'service.name': options.serviceName,
    ...(options.serviceVersion ? { 'service.version': options.serviceVersion } : {}),
  };
  return { attributes: toKeyValues(attributes) };
}
