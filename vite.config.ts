import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The web app lives in web/; it builds into dist/web, which the server serves at `/`. */
export default defineConfig({
  root: 'web',
  plugins: [react()],
  resolve: {
    alias: { '@server': fileURLToPath(new URL('./server', import.meta.url)) },
  },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': `http://localhost:${process.env.FUGONG_API_PORT ?? 8080}` },
  },
});
