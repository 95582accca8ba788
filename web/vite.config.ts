import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The dashboard is served by `servicemeter serve` from dist/web. `npm run dev:web` serves it with
 * hot reload and forwards /api to a running `servicemeter serve` (SERVICEMETER_URL, default port 8080).
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // The server's CSP allows only same-origin files: nothing may be inlined as a data: URL.
    assetsInlineLimit: 0,
    // ECharts (line and bar only) is one lazily loaded chunk of about 190 kB gzipped; it cannot be split further.
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: { '/api': process.env.SERVICEMETER_URL ?? 'http://127.0.0.1:8080' },
  },
});
