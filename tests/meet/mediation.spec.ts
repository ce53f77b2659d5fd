// 视频调解 attached to a case, inside the test's own network namespace: the county opens it from the case's drawer, the
// case's township joins, both consent on screen, the host records, the meeting ends; the recording becomes an MP4
// (janus-pp-rec + ffmpeg) that ffprobe can read, and its SHA-256 matches the ledger's entry.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, login, test } from '../e2e/fixtures.ts';
import { expectFramesFrom, meetConfig, onlyInNamespace } from './meetFixtures.ts';

onlyInNamespace();
test.use({ serverConfig: meetConfig });

test('a mediation on a case: consent from everyone, recorded, MP4 hash in the ledger', async ({ browser, server }) => {
  test.setTimeout(150_000);
  // A dispute reported by 城关镇's first grid member.
  const auth = await (await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'g00100101', password: 'Demo@2026' }) })).json() as { token: string };
  const res = await fetch(`${server.url}/api/incidents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${auth.token}` },
    body: JSON.stringify({ idempotencyKey: `meet-${Date.now()}`, category: 'dispute', description: '两户村民因宅基地边界发生争执', location: { lon: 101.906, lat: 24.805, crs: 'wgs84' } }),
  });
  expect(res.status).toBeLessThan(300);
  const { incident } = (await res.json()) as { incident: { id: number; code: string } };

  const county = await (await browser.newContext({ baseURL: server.url })).newPage();
  await login(county, 'duty1');
  const town = await (await browser.newContext({ baseURL: server.url })).newPage();
  await login(town, 't01');

  await county.goto('/#incidents');
  await county.getByTestId('incident-row').filter({ hasText: incident.code }).click();
  await county.getByTestId('incident-drawer').getByTestId('meet-mediation').click();
  await expect(county.getByTestId('meet-phase')).toHaveText('通话中');
  await expect(town.getByTestId('meet-invite')).toContainText(incident.code);
  await town.getByTestId('meet-join').click();
  await expectFramesFrom(county, 1);
  await expectFramesFrom(town, 1);

  // Recording waits for every unit's consent, shown on both screens.
  await expect(county.getByTestId('meet-record')).toBeDisabled();
  await county.getByTestId('meet-consent').click();
  await town.getByTestId('meet-consent').click();
  await expect(county.getByTestId('meet-consents')).toContainText('城关镇');
  await expect(town.getByTestId('meet-consents')).toContainText('青岚县');
  await county.getByTestId('meet-record').click();
  await expect(town.getByTestId('meet-rec-state')).toHaveText('录制中');
  await county.waitForTimeout(4000);
  await county.getByTestId('meet-hangup').click();

  // The MP4 is made after the meeting; the township's console shows it filed with its hash.
  const db = new Database(join(server.dataDir, 'centre.db'), { readonly: true });
  let entry: { detail: string } | undefined;
  await expect.poll(() => {
    entry = db.prepare("SELECT detail FROM ledger WHERE action = 'meet.recording.done' ORDER BY id DESC LIMIT 1").get() as { detail: string } | undefined;
    return entry !== undefined;
  }, { timeout: 60_000 }).toBe(true).catch((e: unknown) => {
    console.log(server.output().slice(-4000));
    throw e;
  });
  db.close();
  const detail = JSON.parse(entry!.detail) as { sha256: string; bytes: number; incidentId: number };
  expect(detail.incidentId).toBe(incident.id);

  // The recording is served to the units that took part (a fresh login of t01's operator).
  const { token } = (await (await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 't01', password: 'Demo@2026' }) })).json()) as { token: string };
  const rows = await fetch(`${server.url}/api/meetings/${await lastMeetingId(server.dataDir)}/recording`, { headers: { authorization: `Bearer ${token}` } });
  expect(rows.status).toBe(200);
  const mp4 = Buffer.from(await rows.arrayBuffer());
  expect(mp4.length).toBe(detail.bytes);
  expect(createHash('sha256').update(mp4).digest('hex')).toBe(detail.sha256);
  const file = join(server.dataDir, 'check.mp4');
  writeFileSync(file, mp4);
  const probe = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name:format=duration', '-of', 'json', file], { encoding: 'utf8' });
  const info = JSON.parse(probe.stdout) as { streams: { codec_type: string; codec_name: string }[]; format: { duration: string } };
  expect(info.streams.map((s) => `${s.codec_type}:${s.codec_name}`).sort()).toEqual(['audio:aac', 'video:h264']);
  expect(Number(info.format.duration)).toBeGreaterThan(2);
});

async function lastMeetingId(dataDir: string): Promise<number> {
  const db = new Database(join(dataDir, 'centre.db'), { readonly: true });
  try {
    return (db.prepare('SELECT max(id) AS id FROM meetings').get() as { id: number }).id;
  } finally {
    db.close();
  }
}
