// Test servers run without Janus. meet.enabled defaults to true (`npm start` has calls and meetings), but starting and
// supervising Janus costs every test server start-up time, and only the meeting tests (tests/meet/, the Janus part of
// tests/integration/meet.test.ts) use it. A test asks for Janus by giving its own `meet` settings.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const NO_JANUS = { meet: { enabled: false } };

/** For a server spawned on `dataDir`: meetings off in its config.json (made if missing) unless it has its own `meet`. */
export function noJanusUnlessAsked(dataDir: string): void {
  const file = join(dataDir, 'config.json');
  const config = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  if (!('meet' in config)) writeFileSync(file, JSON.stringify({ ...config, ...NO_JANUS }));
}
