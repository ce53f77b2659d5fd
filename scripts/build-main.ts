// `npm run build:main`: builds what Electron runs, into main/dist/:
//   main.cjs       the main process (CommonJS: everything before `ready` runs synchronously; ESM entries cannot promise that)
//   preload.cjs    the preload (sandboxed preloads must be CommonJS and may only require 'electron')
//   settings/      the app's own settings page (served as app://settings/)
//   server.mjs     the centre server (app/cli.ts) for the single-seat embedded mode, run in Electron's utilityProcess;
//                  its npm dependencies stay external (node_modules; better-sqlite3 is native and rebuilt for Electron)
// main/ never imports app/ (lint rule): the server is bundled here, by path, and started by path.
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const out = resolve(root, 'main/dist');
const electronTarget = 'node22'; // Electron 41 ships Node 24; node22 syntax is safe for it

/**
 * app/ finds files next to its modules with `new URL('./migrations/', import.meta.url)`. In a bundle every module would
 * share the bundle's URL, so each module's import.meta.url is rewritten to its original location, computed at run time
 * from where the bundle sits (main/dist/ → the package root), which keeps working inside app.asar.
 */
function keepModuleUrls(): Plugin {
  return {
    name: 'keep-module-urls',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const rel = relative(root, args.path).split('\\').join('/');
        return { contents: source.replaceAll('import.meta.url', `__zzModuleUrl(${JSON.stringify(rel)})`), loader: 'ts' };
      });
    },
  };
}

export async function buildMain(): Promise<void> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(resolve(out, 'settings'), { recursive: true });
  const common = { bundle: true, logLevel: 'warning' as const, legalComments: 'none' as const, sourcemap: 'linked' as const, absWorkingDir: root };

  await Promise.all([
    build({
      ...common,
      entryPoints: ['main/electron/main.ts'],
      outfile: 'main/dist/main.cjs',
      platform: 'node',
      format: 'cjs',
      target: electronTarget,
      external: ['electron'],
      define: { 'import.meta.dirname': '__dirname' },
    }),
    build({
      ...common,
      entryPoints: ['main/preload.ts'],
      outfile: 'main/dist/preload.cjs',
      platform: 'node',
      format: 'cjs',
      target: 'chrome130',
      external: ['electron'],
    }),
    build({
      ...common,
      entryPoints: ['main/settings-page/page.ts'],
      outfile: 'main/dist/settings/page.js',
      platform: 'browser',
      format: 'iife',
      target: 'chrome130',
    }),
    build({
      ...common,
      entryPoints: ['app/cli.ts'],
      outfile: 'main/dist/server.mjs',
      platform: 'node',
      format: 'esm',
      target: electronTarget,
      packages: 'external',
      plugins: [keepModuleUrls()],
      banner: { js: "const __zzRoot = new URL('../../', import.meta.url); const __zzModuleUrl = (p) => new URL(p, __zzRoot).href;" },
    }),
  ]);
  for (const f of ['index.html', 'page.css']) copyFileSync(resolve(root, 'main/settings-page', f), resolve(out, 'settings', f));
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const started = Date.now();
  await buildMain();
  console.log(`main/dist built in ${Date.now() - started} ms`);
}
