import type { OtlpKeyValue } from '@stride/agent';
import { stringifyAnyValue } from './attributes.js';

/** Who sent an export: the resource's service.name (as stored) and its service.version, null when it has none. */
export interface ResourceIdentity {
  service: string;
  version: string | null;
}

/**
 * Told about each resource ingest accepts (e.g. to turn a new service.version into a deploy marker). Called at
 * most once per distinct (service, version) per request, before the request's data is stored; it must be cheap
 * and must not throw (the routes log and swallow what it throws).
 */
export type OnResource = (resource: ResourceIdentity, nowMs: number) => void;

/** One request's onResource calls, deduplicated by (service, version): a request usually has one resource. */
export class ResourceNotifier {
  private seen: string | undefined;
  private seenMore: Set<string> | undefined;

  constructor(
    private readonly onResource: OnResource,
    private readonly nowMs: number,
  ) {}

  note(service: string, attributes: readonly OtlpKeyValue[] | undefined): void {
    const version = serviceVersion(attributes);
    const key = `${service}\0${version ?? '\u0001'}`; // \u0001 keeps "no version" apart from every real version
    if (key === this.seen || this.seenMore?.has(key)) return;
    if (this.seen === undefined) this.seen = key;
    else {
      this.seenMore ??= new Set();
      this.seenMore.add(key);
    }
    this.onResource({ service, version }, this.nowMs);
  }
}

function serviceVersion(attributes: readonly OtlpKeyValue[] | undefined): string | null {
  const found = attributes?.find((kv) => kv.key === 'service.version'); // the first, as for service.name
  return found === undefined ? null : stringifyAnyValue(found.value);
}

/** Wraps `onResource` so a throwing callback is reported to `onError` and never fails ingest. */
export function guardOnResource(onResource: OnResource, onError: (err: unknown) => void): OnResource {
  return (resource, nowMs) => {
    try {
      onResource(resource, nowMs);
    } catch (err) {
      onError(err);
    }
  };
}
