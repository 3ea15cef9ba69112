import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Runs the CLI from source through tsx, with @stride/agent mapped to its source like the test runner does. */
function runCli(args: string[], env: Record<string, string>, tsconfig: string): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: REPO,
    env: { PATH: process.env['PATH'] ?? '', TSX_TSCONFIG_PATH: tsconfig, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitFor(predicate: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('stride CLI', () => {
  let dir: string;
  let tsconfig: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'stride-cli-'));
    tsconfig = path.join(dir, 'tsconfig.json');
    const paths = { '@stride/agent': [path.join(REPO, 'agents/src/index.ts')] };
    await writeFile(tsconfig, JSON.stringify({ compilerOptions: { baseUrl: REPO, paths } }));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stops on a bad setting with one line naming it and exit code 2', async () => {
    const run = runCli(['serve'], { STRIDE_PORT: 'abc', STRIDE_DATA_DIR: dir }, tsconfig);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toBe('stride: STRIDE_PORT must be an integer 1-65535, got "abc"\n');
    expect(run.stdout()).toBe('');
  });

  it('names the flag when the bad value came from a flag, and rejects unknown options', async () => {
    const badFlag = runCli(['serve', '--port', '99999'], {}, tsconfig);
    expect(await badFlag.exited).toBe(2);
    expect(badFlag.stderr()).toBe('stride: --port must be an integer 1-65535, got "99999"\n');

    const unknown = runCli(['serve', '--prot', '1'], {}, tsconfig);
    expect(await unknown.exited).toBe(2);
    expect(unknown.stderr()).toMatch(/^stride: Unknown option '--prot'.*\n$/);
  });

  it('prints help listing flags and their env twins', async () => {
    const run = runCli(['--help'], {}, tsconfig);
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toContain('Usage: stride serve');
    expect(run.stdout()).toMatch(/--data-dir\s+STRIDE_DATA_DIR/);
  });

  it('serves, prints the generated token and URL, and shuts down gracefully on SIGTERM', async () => {
    const port = await freePort();
    const dataDir = path.join(dir, 'data');
    const run = runCli(['serve', '--port', String(port), '--data-dir', dataDir], {}, tsconfig);
    try {
      await waitFor(() => run.stdout().includes('listening on'), 'the listening line');
      const lines = run.stdout().trim().split('\n');
      expect(lines[0]).toMatch(/^token: stride_[A-Za-z0-9_-]{43}$/);
      expect(lines[1]).toBe(`stride listening on http://127.0.0.1:${port}`);
      const token = lines[0]!.slice('token: '.length);

      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      const services = await fetch(`http://127.0.0.1:${port}/api/v1/services`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(services.status).toBe(200);

      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      expect(run.stderr()).toContain('SIGTERM received, shutting down');
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    } finally {
      run.child.kill('SIGKILL');
    }

    // A restart reuses the kept token instead of printing a new one.
    const again = runCli(['serve', '--port', String(port), '--data-dir', dataDir], {}, tsconfig);
    try {
      await waitFor(() => again.stdout().includes('listening on'), 'the second listening line');
      expect(again.stdout()).not.toContain('token:');
      again.child.kill('SIGINT');
      expect(await again.exited).toBe(0);
    } finally {
      again.child.kill('SIGKILL');
    }
  });
});
