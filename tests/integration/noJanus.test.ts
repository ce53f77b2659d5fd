// Test servers run without Janus unless a test asks for it (tests/noJanus.ts): the in-process server of the harness,
// and the config.json of a spawned one, which keeps a test's own `meet` settings.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { noJanusUnlessAsked } from '../noJanus.ts';
import { startTestServer, tempDir } from './harness.ts';

describe('test servers without Janus', () => {
  const cleanup: (() => void | Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  it('the harness server has meetings off unless the test gives its own meet settings', async () => {
    const server = await startTestServer({ video: { enabled: false } });
    cleanup.push(() => server.stop());
    expect(server.janus).toMatchObject({ available: false, reason: expect.stringContaining('meet.enabled = false') });
  });

  it('a spawned server’s config.json gets meetings off, keeping the rest; a test’s own meet settings stay', () => {
    const tmp = tempDir('zz-nojanus-');
    cleanup.push(tmp.remove);
    const file = join(tmp.dir, 'config.json');
    const read = () => JSON.parse(readFileSync(file, 'utf8')) as unknown;

    noJanusUnlessAsked(tmp.dir);
    expect(read()).toEqual({ meet: { enabled: false } });

    writeFileSync(file, JSON.stringify({ video: { enabled: false }, timerTickMs: 100 }));
    noJanusUnlessAsked(tmp.dir);
    expect(read()).toEqual({ video: { enabled: false }, timerTickMs: 100, meet: { enabled: false } });

    writeFileSync(file, JSON.stringify({ meet: { iceInterfaces: ['lo'] } }));
    noJanusUnlessAsked(tmp.dir);
    expect(read()).toEqual({ meet: { iceInterfaces: ['lo'] } });
  });
});
