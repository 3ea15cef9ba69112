import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateToken, resolveAdminToken } from './admin-token.js';

describe('resolveAdminToken', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = path.join(await mkdtemp(path.join(tmpdir(), 'stride-token-')), 'nested');
  });
  afterEach(async () => {
    await rm(path.dirname(dataDir), { recursive: true, force: true });
  });

  it('uses the configured token without touching the data dir', async () => {
    const resolved = await resolveAdminToken({ configured: 'configured-token-value', dataDir });
    expect(resolved).toMatchObject({ token: 'configured-token-value', source: 'config' });
    await expect(stat(dataDir)).rejects.toThrow();
  });

  it('generates a token once, keeps it private in the data dir, and reuses it on restart', async () => {
    let calls = 0;
    const generate = () => `generated-${++calls}`;
    const first = await resolveAdminToken({ configured: null, dataDir, generate });
    expect(first).toMatchObject({ token: 'generated-1', source: 'generated' });
    expect((await readFile(first.filePath, 'utf8')).trim()).toBe('generated-1');
    expect((await stat(first.filePath)).mode & 0o777).toBe(0o600);

    const second = await resolveAdminToken({ configured: null, dataDir, generate });
    expect(second).toMatchObject({ token: 'generated-1', source: 'file' });
    expect(calls).toBe(1);
  });
});

describe('generateToken', () => {
  it('carries 256 bits of randomness in a recognisable prefix', () => {
    const token = generateToken((n) => Buffer.alloc(n, 0xff));
    expect(token).toBe(`stride_${Buffer.alloc(32, 0xff).toString('base64url')}`);
    expect(generateToken()).not.toBe(generateToken());
  });
});
