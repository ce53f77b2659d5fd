import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// Strict CSP for the built console (the dev server needs inline scripts for React refresh, so only at build time).
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

function cspMeta(): Plugin {
  return {
    name: 'zz-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
  };
}

// The renderer is a self-contained bundle: no CDN, no remote fonts. It is served by the centre server from dist/renderer.
export default defineConfig({
  root: 'renderer',
  base: '/',
  plugins: [react(), cspMeta()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    // `npx vite` during development: forward the API and socket.io to a locally running centre server.
    proxy: {
      '/api': process.env.ZZ_SERVER ?? 'http://127.0.0.1:8620',
      '/socket.io': { target: process.env.ZZ_SERVER ?? 'http://127.0.0.1:8620', ws: true },
    },
  },
});
