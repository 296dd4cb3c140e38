import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

/**
 * The web app lives in web/; it builds into dist/web, which the server serves at `/`. Every text
 * asset is also written brotli- and gzip-compressed (`x.js.br`, `x.js.gz`) so the server sends the
 * smaller file without compressing per request; the manifest lets the budget test follow each
 * page's imports.
 *
 * Chunks: the libraries the first screen needs (React, the router, i18next, react-query, Ant
 * Design's core) are one `vendor` file rather than the dozens of shared fragments automatic
 * splitting makes of them — every page loads them anyway, and one file compresses better and costs
 * one request (about 16 KB gzip less on the login page). Everything a page adds stays split as
 * Rolldown sees fit (web/e2e/delivery.test.ts holds each entry page to its budget).
 */
export default defineConfig({
  root: 'web',
  plugins: [react(), compression({ algorithms: ['brotliCompress', 'gzip'], include: /\.(js|css|html|svg)$/, threshold: 1024 })],
  resolve: {
    alias: { '@server': fileURLToPath(new URL('./server', import.meta.url)) },
  },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    manifest: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // The server's modules the web app imports (domain lists, zod schemas for form rules) have no
      // side effects: a page that uses one list of a schema file does not get its zod schemas.
      treeshake: { moduleSideEffects: (id) => !/[\\/]server[\\/]/.test(id) },
      output: {
        codeSplitting: { groups: [{ name: 'vendor', test: /node_modules/, tags: ['$initial'] }] },
      },
    },
  },
  server: {
    proxy: { '/api': `http://localhost:${process.env.FUGONG_API_PORT ?? 8080}` },
  },
});
