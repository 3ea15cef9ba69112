import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDashboardCatalog } from './dashboard-catalog.js';

const dashboard = (id: string, title: string) => ({
  schemaVersion: 1,
  id,
  title,
  time: { from: 'now-1h' },
  panels: [
    {
      id: 'services',
      title: 'Services',
      gridPos: { x: 0, y: 0, w: 24, h: 6 },
      visualization: 'table',
      query: { endpoint: '/api/v1/services', rows: 'services', columns: [{ field: 'name', label: 'Name' }] },
    },
  ],
});

describe('dashboard catalog', () => {
  let userDir: string;
  beforeEach(async () => {
    userDir = await mkdtemp(path.join(tmpdir(), 'stride-dashboards-'));
  });
  afterEach(async () => {
    await rm(userDir, { recursive: true, force: true });
  });

  it('lists the built-in dashboards and none from a missing user folder', async () => {
    const catalog = createDashboardCatalog({ userDir: path.join(userDir, 'absent') });
    const list = await catalog.list();
    expect(list.map((d) => [d.id, d.source, d.error])).toEqual([
      ['monitoring', 'builtin', undefined],
      ['optimization', 'builtin', undefined],
      ['performance', 'builtin', undefined],
    ]);
    expect(list.every((d) => d.description.length > 20)).toBe(true);
    const got = await catalog.get('performance');
    expect(got && 'dashboard' in got && got.dashboard.panels.length).toBeGreaterThan(4);
    expect(await catalog.get('nope')).toBeNull();
  });

  it('loads user files, reports broken ones with file and JSON path, and keeps built-in ids', async () => {
    await writeFile(path.join(userDir, 'checkout.json'), JSON.stringify(dashboard('checkout', 'Checkout')));
    const bad = dashboard('broken', 'Broken');
    bad.panels[0]!.gridPos.w = 30;
    await writeFile(path.join(userDir, 'broken.json'), JSON.stringify(bad));
    await writeFile(path.join(userDir, 'garbage.json'), '{ "id": ');
    await writeFile(path.join(userDir, 'clash.json'), JSON.stringify(dashboard('performance', 'Mine')));
    await writeFile(path.join(userDir, 'notes.txt'), 'ignored');
    const catalog = createDashboardCatalog({ userDir });

    const user = (await catalog.list()).filter((d) => d.source === 'user');
    expect(user.map((d) => [d.id, d.title])).toEqual([
      ['broken', 'Broken'],
      ['checkout', 'Checkout'],
      ['garbage', 'garbage.json'],
      ['performance', 'Mine'],
    ]);
    expect(user[0]!.error).toBe('broken.json: panels[0].gridPos.w: Too big: expected number to be <=24');
    expect(user[1]!.error).toBeUndefined();
    expect(user[2]!.error).toMatch(/^garbage\.json: invalid JSON: /);
    expect(user[3]!.error).toBe('clash.json: id "performance" is already used by builtin dashboard "Performance"');

    expect(await catalog.get('checkout')).toMatchObject({ dashboard: { title: 'Checkout' } });
    expect(await catalog.get('broken')).toEqual({ error: user[0]!.error });
    // The built-in keeps its id; the clashing user file does not replace it.
    expect(await catalog.get('performance')).toMatchObject({ dashboard: { title: 'Performance' } });
  });
});
