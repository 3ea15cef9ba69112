import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('./index.ts', import.meta.url));

/** Runs `body` (ESM, `startAgent` in scope) in a fresh Node process; resolves with exit code and output. */
function runScript(body: string): Promise<{ code: number | null; output: string; ms: number }> {
  const script = `import { startAgent } from ${JSON.stringify(entry)};\n${body}`;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => {
      output += c;
    });
    child.stderr.on('data', (c) => {
      output += c;
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, output, ms: Date.now() - started });
    });
  });
}

describe('agent lifecycle in a real process', () => {
  it('never keeps the host alive: a script that starts the agent and returns exits on its own', async () => {
    const { code, output } = await runScript(`
      startAgent({ serviceName: 'shop', endpoint: 'http://127.0.0.1:9', flushIntervalMillis: 100, env: {} });
      console.log('started');
    `);
    expect(output).toContain('started');
    expect(code).toBe(0); // a kept-alive process would be SIGKILLed (code null) after 30 s
  });

  it('reports a bad option as one StrideConfigError line naming it', async () => {
    const { code, output } = await runScript(`
      try { startAgent({ serviceName: 'shop', maxSeries: 'lots', env: {} }); }
      catch (err) { console.log(err.name + ': ' + err.message); process.exitCode = 3; }
    `);
    expect(code).toBe(3);
    expect(output.trim()).toBe(
      'StrideConfigError: maxSeries: expected an integer from 2 to 1000000 (series per metric), got "lots"',
    );
  });
});
