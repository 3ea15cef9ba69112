import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfig } from '../config/config.js';
import { createServer, type StrideServer } from '../server.js';

export interface TestService {
  server: StrideServer;
  /** Base URL, e.g. http://127.0.0.1:40123 */
  url: string;
  /** Stops the service and deletes its data dir. */
  close(): Promise<void>;
}

/**
 * A real metrics service on a free port with a fresh temp data dir, configured through the same env settings a
 * user would set (STRIDE_ADMIN_TOKEN, STRIDE_INGEST_KEYS, ...). For integration tests.
 */
export async function startTestService(env: Record<string, string>, dirPrefix = 'stride-test-'): Promise<TestService> {
  const dataDir = await mkdtemp(path.join(tmpdir(), dirPrefix));
  const server = await createServer({ ...parseConfig({ env: { ...env, STRIDE_DATA_DIR: dataDir } }), port: 0 });
  const { url } = await server.listen();
  return {
    server,
    url,
    close: async () => {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
