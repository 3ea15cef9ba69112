import { randomUUID } from 'node:crypto';
import type { MarkerRepo } from '../store/recommendation-repos.js';
import type { Marker } from './records.js';

/** The actor named on markers the watcher creates. */
export const VERSION_WATCHER_ACTOR = 'version-watcher';

export interface ResourceIdentity {
  service: string;
  /** `service.version` of the resource; null or empty when the service does not report one. */
  version: string | null | undefined;
}

export interface VersionWatcherOptions {
  markers: Pick<MarkerRepo, 'create' | 'list' | 'lastVersions' | 'setLastVersion'>;
  newId?: () => string;
  /** Failures are reported here; ingest must never fail because a marker could not be written. */
  onError?: (err: Error) => void;
  /** A deploy marker with the same version this recent (e.g. posted by CI) makes a new one redundant, ms. */
  duplicateWindowMs?: number;
}

/**
 * Turns `service.version` changes in ingested resources into deploy markers. The last version per service is
 * persisted, so a restart (or a replica) seeing the same version adds nothing; a service's first version is a
 * baseline, not a deploy.
 *
 * `onResource` runs on every export, so the usual case — same version as last time — is one Map lookup. Changes
 * go through one promise chain, so two exports racing with a new version make one marker.
 */
export function createVersionWatcher({
  markers,
  newId = randomUUID,
  onError = () => {},
  duplicateWindowMs = 3_600_000,
}: VersionWatcherOptions) {
  let versions: Map<string, string> | null = null;
  let chain: Promise<void> = Promise.resolve();

  async function handle(service: string, version: string, nowMs: number): Promise<Marker | null> {
    versions ??= await markers.lastVersions();
    const previous = versions.get(service);
    if (previous === version) return null;
    versions.set(service, version);
    await markers.setLastVersion(service, version, nowMs);
    if (previous === undefined) return null;
    const recent = await markers.list({
      service,
      kind: 'deploy',
      fromMs: nowMs - duplicateWindowMs,
      toMs: nowMs + 1,
      limit: 1_000,
    });
    if (recent.at(-1)?.version === version) return null;
    const marker: Marker = {
      id: newId(),
      service,
      kind: 'deploy',
      label: `deploy ${previous} → ${version}`,
      version,
      t: nowMs,
      createdBy: VERSION_WATCHER_ACTOR,
    };
    await markers.create(marker);
    return marker;
  }

  return {
    /** Notes a resource seen by ingest; resolves when any marker it causes is written (callers need not wait). */
    onResource({ service, version }: ResourceIdentity, nowMs: number): Promise<void> {
      if (version === null || version === undefined || version === '' || service === '') return chain;
      if (versions?.get(service) === version) return chain;
      chain = chain
        .then(() => handle(service, version, nowMs))
        .then(
          () => {},
          (err: unknown) => {
            onError(err instanceof Error ? err : new Error(String(err)));
          },
        );
      return chain;
    },
  };
}

export type VersionWatcher = ReturnType<typeof createVersionWatcher>;
