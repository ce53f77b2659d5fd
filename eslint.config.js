// Lint, including the house's boundary rules (docs/architecture.md, "Folders"): a broken boundary fails `npm run check`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const OUR_NODE_SIDE = { regex: '(^|/)(app|media|main|bench|tests|scripts)(/|$)', message: 'renderer/ imports only protocol/ of ours (docs/architecture.md).' };
const ELECTRON = { name: 'electron', message: 'Only main/ may import electron.' };
const MEDIA_ENTRY_ONLY = { regex: '(^|/)media/(?!index\\.ts$)', message: 'app/ uses media/ only through its public entry media/index.ts (docs/architecture.md).' };

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'main/dist/', '.tmp/', '.notes/', 'data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': ['error', { paths: [ELECTRON] }],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [ELECTRON],
          patterns: [OUR_NODE_SIDE, { regex: '^node:', message: 'The renderer runs in a browser: no Node modules.' }, { group: ['better-sqlite3', 'fastify', 'socket.io'], message: 'Server-side packages stay on the server.' }],
        },
      ],
    },
  },
  {
    files: ['protocol/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [ELECTRON], patterns: [{ regex: '^\\.\\./', message: 'protocol/ imports nothing of ours.' }, { regex: '^node:', message: 'protocol/ is shared with the browser.' }] }],
    },
  },
  {
    files: ['app/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [ELECTRON], patterns: [MEDIA_ENTRY_ONLY] }] },
  },
  {
    files: ['media/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [ELECTRON], patterns: [{ regex: '(^|/)(app|main|renderer|bench|tests|scripts)(/|$)', message: 'media/ imports only protocol/ of ours.' }] }],
    },
  },
  {
    files: ['app/domain/**'],
    ignores: ['app/domain/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [ELECTRON],
          patterns: [
            { regex: '^node:|^(fs|path|os|child_process|net|http|https|crypto)$', message: 'app/domain/ is pure: no I/O.' },
            { regex: '(^|/)(store|realtime|http|workflow|media)(/|$)', message: 'app/domain/ is pure: it does not reach the store or the network.' },
            { group: ['better-sqlite3', 'socket.io', 'fastify'], message: 'app/domain/ is pure: no I/O.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', ...['setTimeout', 'setInterval', 'process', 'performance', 'fetch', 'require'].map((name) => ({ name, message: 'app/domain/ is pure: time and I/O come in as arguments.' }))],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'app/domain/ never reads the clock: take `now` as an argument.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'app/domain/ never reads the clock: take `now` as an argument.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'app/domain/ is deterministic: use seededRandom.' },
      ],
    },
  },
  {
    files: ['main/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)(app|media|renderer)(/|$)', message: 'main/ imports only protocol/ of ours.' }] }] },
  },
);
