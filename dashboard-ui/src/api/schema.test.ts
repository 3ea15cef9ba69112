import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generateApiTypes, SCHEMA_FILE } from '../../scripts/gen-api-types.js';

/** The first line where two texts differ, described for a reader; null when they are equal. */
function firstDifference(expected: string, actual: string): string | null {
  const want = expected.split('\n');
  const got = actual.split('\n');
  for (let i = 0; i < Math.max(want.length, got.length); i++) {
    if (want[i] !== got[i]) return `line ${i + 1}: expected ${JSON.stringify(want[i])}, got ${JSON.stringify(got[i])}`;
  }
  return null;
}

describe('src/api/schema.d.ts', () => {
  it('matches the OpenAPI document (run `npm run gen:api -w dashboard-ui` when this fails)', async () => {
    const fresh = await generateApiTypes();
    expect(fresh).toContain('"/api/v1/services"');
    expect(firstDifference(fresh, await readFile(SCHEMA_FILE, 'utf8'))).toBeNull();
  }, 60_000);
});
