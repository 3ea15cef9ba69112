// Prints the JavaScript a first visit downloads before any page chunk: the entry script of dist/index.html and
// every chunk it imports statically (transitively), raw and gzip-compressed, against the 200 KB gzip budget.
// Run after a build: `npx tsx dashboard-ui/scripts/initial-js.ts`.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
export const BUDGET_GZIP_BYTES = 200 * 1024;

/** Static `import … from "./x.js"` and side-effect `import "./x.js"` of a built chunk (not `import()`). */
export function staticImports(code: string): string[] {
  const found = new Set<string>();
  for (const match of code.matchAll(/(?:^|[;\s}])import\s*(?:[^'"()]*?from\s*)?["'](\.\/[^"']+\.js)["']/g)) {
    if (match[1] !== undefined) found.add(match[1]);
  }
  return [...found];
}

export async function initialJs(dist = DIST): Promise<{ files: { file: string; bytes: number; gzipBytes: number }[] }> {
  const html = await readFile(path.join(dist, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script[^>]+src="\/([^"]+\.js)"/g)].map((m) => m[1]!);
  const seen = new Set<string>();
  const files: { file: string; bytes: number; gzipBytes: number }[] = [];
  const visit = async (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = await readFile(path.join(dist, file));
    files.push({ file, bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length });
    for (const dep of staticImports(code.toString('utf8'))) await visit(path.posix.join(path.posix.dirname(file), dep));
  };
  for (const entry of entries) await visit(entry);
  return { files };
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const { files } = await initialJs();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  for (const f of files) console.log(`${f.file}  ${kb(f.bytes)}  gzip ${kb(f.gzipBytes)}`);
  const total = files.reduce((sum, f) => sum + f.gzipBytes, 0);
  console.log(`initial JavaScript: gzip ${kb(total)} of a ${kb(BUDGET_GZIP_BYTES)} budget`);
  if (total > BUDGET_GZIP_BYTES) process.exitCode = 1;
}
