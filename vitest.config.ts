import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{app,media,main,protocol,renderer,tests/integration,scripts}/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
