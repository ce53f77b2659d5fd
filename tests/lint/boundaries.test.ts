// The boundary rules must actually fire: each case is code that breaks a rule, linted as if it lived in that folder.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('lint boundaries', () => {
  it.each([
    ['renderer/alerts/x.ts', "import { startCentreServer } from '../../app/server.ts';\nexport const s = startCentreServer;", 'renderer/ imports only protocol/'],
    ['renderer/alerts/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;", 'no Node modules'],
    ['renderer/alerts/x.ts', "import { app } from 'electron';\nexport const a = app;", 'Only main/'],
    ['app/server2.ts', "import { app } from 'electron';\nexport const a = app;", 'Only main/'],
    ['app/domain/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;", 'pure: no I/O'],
    ['app/domain/x.ts', "import { createLedger } from '../store/ledger.ts';\nexport const l = createLedger;", 'does not reach the store'],
    ['app/domain/x.ts', 'export const t = () => Date.now();', 'never reads the clock'],
    ['app/domain/x.ts', 'export const t = () => new Date();', 'never reads the clock'],
    ['app/domain/x.ts', 'export const t = () => setTimeout(() => {}, 1);', 'time and I/O come in as arguments'],
    ['protocol/x.ts', "import { openDatabase } from '../app/store/db.ts';\nexport const o = openDatabase;", 'protocol/ imports nothing of ours'],
    ['main/x.ts', "import { startCentreServer } from '../app/server.ts';\nexport const s = startCentreServer;", 'main/ imports only protocol/'],
    ['app/http/x.ts', "import { StreamManager } from '../../media/streams.ts';\nexport const s = StreamManager;", 'only through its public entry media/index.ts'],
    ['app/x.ts', "import { startNms } from '../media/nms.ts';\nexport const s = startNms;", 'only through its public entry media/index.ts'],
    ['media/x.ts', "import { openDatabase } from '../app/store/db.ts';\nexport const o = openDatabase;", 'media/ imports only protocol/'],
  ])('%s: %s is rejected', async (file, code, expected) => {
    const found = await problems(file, code);
    expect(found.join('\n')).toContain(expected);
  });

  it.each([
    ['renderer/alerts/x.ts', "import { AlertLevel } from '../../protocol/index.ts';\nexport const l = AlertLevel;"],
    ['app/domain/x.ts', "import { AlertLevel } from '../../protocol/index.ts';\nexport const t = (now: number) => now + AlertLevel.options.length;"],
    ['main/x.ts', "import { app } from 'electron';\nexport const a = app;"],
    ['app/http/x.ts', "import { startMediaService } from '../../media/index.ts';\nexport const s = startMediaService;"],
  ])('%s: allowed code passes', async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });
});
