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
    // expect.poll's default (1 s) is shorter than a browser round trip on a loaded CI machine: a
    // page that shows the right text two seconds after a save failed the test. Waits for something
    // that never comes still fail, after 30 s, with the last value read.
    expect: { poll: { timeout: 30_000, interval: 100 } },
    pool: 'forks',
  },
});
