import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { configDefaults, defineConfig } from 'vitest/config';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

// The renderer is a self-contained bundle: no CDN, no remote fonts. It is served by the centre server from dist/renderer.
export default defineConfig({
  root: 'renderer',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    // `npx vite` during development: forward the API and socket.io to a locally running centre server.
    proxy: {
      '/api': process.env.ZZ_SERVER ?? 'http://127.0.0.1:8080',
      '/socket.io': { target: process.env.ZZ_SERVER ?? 'http://127.0.0.1:8080', ws: true },
    },
  },
  // vitest reads this file too: run every unit test in the repo (not only renderer/), in node, without the e2e specs.
  test: {
    root: repoRoot,
    environment: 'node',
    exclude: [...configDefaults.exclude, 'tests/e2e/**', 'dist/**'],
  },
});
