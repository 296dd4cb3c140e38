import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The web app's alias for the server's shared domain rules (as in vite.config.ts).
  resolve: {
    alias: { '@server': fileURLToPath(new URL('./server', import.meta.url)) },
  },
  test: {
    include: ['server/**/*.test.ts', 'web/src/**/*.test.{ts,tsx}', 'web/e2e/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
