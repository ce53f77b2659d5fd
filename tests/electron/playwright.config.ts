import { defineConfig } from '@playwright/test';

// The Electron smoke test: runs the built desktop app (npm run build:main) with a real Electron binary when there is
// one (ELECTRON_PATH, or node_modules/electron after its download step); otherwise it skips and says why.
export default defineConfig({
  testDir: '.',
  workers: 1,
  timeout: 60_000,
  reporter: 'list',
  outputDir: '../../test-results/electron',
});
