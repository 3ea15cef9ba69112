import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const ADMIN_TOKEN_FILE = 'admin-token';

/** New bearer token: `stride_` + 32 random bytes, base64url (256 bits of entropy). */
export function generateToken(random: (bytes: number) => Buffer = randomBytes): string {
  return `stride_${random(32).toString('base64url')}`;
}

export interface ResolvedAdminToken {
  token: string;
  /** `config`: STRIDE_ADMIN_TOKEN; `file`: kept from an earlier start; `generated`: new, print it once. */
  source: 'config' | 'file' | 'generated';
  /** Where a generated token is kept, so restarts reuse it. */
  filePath: string;
}

/**
 * The configured admin token, else the one kept in `<dataDir>/admin-token`, else a new one written there
 * (mode 0600) so a restart keeps the same token.
 */
export async function resolveAdminToken({
  configured,
  dataDir,
  generate = generateToken,
}: {
  configured: string | null;
  dataDir: string;
  generate?: () => string;
}): Promise<ResolvedAdminToken> {
  const filePath = path.join(dataDir, ADMIN_TOKEN_FILE);
  if (configured !== null) return { token: configured, source: 'config', filePath };
  try {
    const kept = (await readFile(filePath, 'utf8')).trim();
    if (kept !== '') return { token: kept, source: 'file', filePath };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const token = generate();
  await mkdir(dataDir, { recursive: true });
  await writeFile(filePath, `${token}\n`, { mode: 0o600 });
  return { token, source: 'generated', filePath };
}
