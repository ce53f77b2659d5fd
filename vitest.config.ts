import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{app,media,main,protocol,renderer,scripts}/**/*.test.{ts,tsx}', 'tests/{integration,lint}/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
