import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests import workspace packages from source so `npm test` does not depend on a prior build.
const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const alias = {
  '@stride/agent': source('./agents/src/index.ts'),
  '@stride/performance': source('./performance/src/index.ts'),
  '@stride/commerce': source('./commerce/src/index.ts'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['**/src/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**', '**/dist/**'],
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'int',
          include: ['**/*.int.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Dashboard UI component tests: React in jsdom (the UI's pure modules run in `unit` as *.test.ts).
        test: {
          name: 'dashboard',
          // jsdom, loaded from dashboard-ui/node_modules (see the file for why not the built-in 'jsdom').
          environment: './dashboard-ui/src/testing/jsdom-environment.ts',
          include: ['dashboard-ui/src/**/*.test.tsx'],
          // getByRole walks the accessibility tree; on a loaded CI machine a render-heavy test can pass 5 s.
          testTimeout: 30_000,
        },
      },
    ],
  },
});
