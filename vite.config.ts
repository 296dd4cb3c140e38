import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

/**
 * The web app lives in web/; it builds into dist/web, which the server serves at `/`. Every text
 * asset is also written brotli- and gzip-compressed (`x.js.br`, `x.js.gz`) so the server sends the
 * smaller file without compressing per request; the manifest lets the budget test follow each
 * page's imports.
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
  },
  server: {
    proxy: { '/api': `http://localhost:${process.env.FUGONG_API_PORT ?? 8080}` },
  },
});
