import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';
import { createVersionWatcher } from './version-watcher.js';

const T0 = 1_735_689_600_000;

describe('version watcher', () => {
  const stores: SqliteStore[] = [];
  const open = () => {
    const store = openSqliteStore({ path: ':memory:', rollupFlushIntervalMillis: 0 });
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });
  const all = (store: SqliteStore) => store.markers.list({ fromMs: 0, toMs: T0 * 2, limit: 100 });

  it('takes the first version as a baseline and marks each change once', async () => {
    const store = open();
    let n = 0;
    const watcher = createVersionWatcher({ markers: store.markers, newId: () => `m${++n}` });
    await watcher.onResource({ service: 'shop', version: '1.0' }, T0);
    await watcher.onResource({ service: 'shop', version: '1.0' }, T0 + 1);
    expect(await all(store)).toEqual([]);
    // Two exports racing with the new version make one marker.
    await Promise.all([
      watcher.onResource({ service: 'shop', version: '1.1' }, T0 + 2),
      watcher.onResource({ service: 'shop', version: '1.1' }, T0 + 3),
    ]);
    await watcher.onResource({ service: 'shop', version: null }, T0 + 4);
    await watcher.onResource({ service: 'cart', version: '9' }, T0 + 5);
    expect(await all(store)).toEqual([
      {
        id: 'm1',
        service: 'shop',
        kind: 'deploy',
        label: 'deploy 1.0 → 1.1',
        version: '1.1',
        t: T0 + 2,
        createdBy: 'version-watcher',
      },
    ]);
  });

  it('remembers versions across restarts (a new watcher on the same store adds nothing)', async () => {
    const store = open();
    await createVersionWatcher({ markers: store.markers }).onResource({ service: 'shop', version: '1.0' }, T0);
    const restarted = createVersionWatcher({ markers: store.markers });
    await restarted.onResource({ service: 'shop', version: '1.0' }, T0 + 1);
    expect(await all(store)).toEqual([]);
    await restarted.onResource({ service: 'shop', version: '2.0' }, T0 + 2);
    expect((await all(store)).map((m) => m.version)).toEqual(['2.0']);
  });

  it('adds no marker when CI already posted a deploy marker for that version', async () => {
    const store = open();
    const watcher = createVersionWatcher({ markers: store.markers });
    await watcher.onResource({ service: 'shop', version: '1.0' }, T0);
    await store.markers.create({
      id: 'ci',
      service: 'shop',
      kind: 'deploy',
      label: 'CI',
      version: '1.1',
      t: T0 + 10,
      createdBy: 'ci',
    });
    await watcher.onResource({ service: 'shop', version: '1.1' }, T0 + 20);
    expect((await all(store)).map((m) => m.id)).toEqual(['ci']);
  });

  it('reports store failures instead of throwing into ingest', async () => {
    const store = open();
    const errors: string[] = [];
    const watcher = createVersionWatcher({ markers: store.markers, onError: (e) => errors.push(e.message) });
    await store.close();
    await expect(watcher.onResource({ service: 'shop', version: '1.0' }, T0)).resolves.toBeUndefined();
    expect(errors).toEqual(['store is closed']);
  });
});
