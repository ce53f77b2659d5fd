// SQL of the meetings (一键通 calls, 视频会商, 视频调解): meetings, their invited units, consents and recordings.
import type { InviteeState, MeetKind, MeetState, Meeting, Recording } from '../../protocol/index.ts';
import type { Db } from './db.ts';

interface MeetingRow {
  id: number; kind: MeetKind; title: string; host_centre_id: number; host_name: string; opened_by: number; opener_name: string; opened_at: number;
  state: MeetState; ring_until: number | null; answered_at: number | null; ended_at: number | null; incident_id: number | null; dispute_id: number | null; version: number;
}
interface InviteeRow { centre_id: number; centre_name: string; state: InviteeState; by_user: number | null; by_name: string | null; at: number | null; seen: number }

export function createMeetStore(db: Db) {
  const insert = db.prepare<[MeetKind, string, number, number, number, MeetState, number | null, number | null, number | null], { id: number }>(
    'INSERT INTO meetings (kind, title, host_centre_id, opened_by, opened_at, state, ring_until, incident_id, dispute_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
  );
  const insertInvitee = db.prepare('INSERT INTO meeting_invitees (meeting_id, centre_id, state) VALUES (?, ?, ?)');
  const one = db.prepare<[number], MeetingRow>(
    `SELECT m.*, c.name AS host_name, u.name AS opener_name FROM meetings m JOIN centres c ON c.id = m.host_centre_id JOIN users u ON u.id = m.opened_by WHERE m.id = ?`,
  );
  const invitees = db.prepare<[number], InviteeRow>(
    `SELECT i.centre_id, c.name AS centre_name, i.state, i.by_user, u.name AS by_name, i.at, i.seen
       FROM meeting_invitees i JOIN centres c ON c.id = i.centre_id LEFT JOIN users u ON u.id = i.by_user WHERE i.meeting_id = ? ORDER BY c.code`,
  );
  const recording = db.prepare<[number], { state: Recording['state']; sha256: string | null; bytes: number | null; file: string | null }>(
    'SELECT state, sha256, bytes, file FROM meeting_recordings WHERE meeting_id = ?',
  );
  const consents = db.prepare<[number], { centre_id: number; user_id: number; name: string; at: number }>(
    'SELECT k.centre_id, k.user_id, u.name, k.at FROM meeting_consents k JOIN users u ON u.id = k.user_id WHERE k.meeting_id = ? ORDER BY k.at',
  );
  // What a unit's console starts from: meetings it hosts or is invited to that are still going, and missed calls not yet looked at.
  const forCentre = db.prepare<[number, number, number, number], { id: number }>(
    `SELECT id FROM meetings WHERE host_centre_id = ? AND state IN ('ringing', 'open')
     UNION SELECT m.id FROM meetings m JOIN meeting_invitees i ON i.meeting_id = m.id
       WHERE i.centre_id = ? AND (m.state IN ('ringing', 'open') OR (i.state = 'missed' AND i.seen = 0 AND m.opened_at >= ?))
     ORDER BY id DESC LIMIT ?`,
  );
  const due = db.prepare<[number], { id: number }>("SELECT id FROM meetings WHERE state = 'ringing' AND ring_until <= ? ORDER BY ring_until LIMIT 100");
  const setState = db.prepare('UPDATE meetings SET state = ?, answered_at = coalesce(answered_at, ?), ended_at = ?, version = version + 1 WHERE id = ?');
  const bump = db.prepare('UPDATE meetings SET version = version + 1 WHERE id = ?');
  const setInvitee = db.prepare('UPDATE meeting_invitees SET state = ?, by_user = ?, at = ? WHERE meeting_id = ? AND centre_id = ?');
  const missRinging = db.prepare("UPDATE meeting_invitees SET state = 'missed', at = ? WHERE meeting_id = ? AND state = 'ringing'");
  const seen = db.prepare('UPDATE meeting_invitees SET seen = 1 WHERE meeting_id = ? AND centre_id = ?');
  const upsertRecording = db.prepare(
    'INSERT INTO meeting_recordings (meeting_id, state, file, sha256, bytes) VALUES (?, ?, ?, ?, ?) ON CONFLICT(meeting_id) DO UPDATE SET state = excluded.state, file = coalesce(excluded.file, file), sha256 = coalesce(excluded.sha256, sha256), bytes = coalesce(excluded.bytes, bytes)',
  );
  const consent = db.prepare('INSERT OR IGNORE INTO meeting_consents (meeting_id, centre_id, user_id, at) VALUES (?, ?, ?, ?)');
  const disputeHolder = db.prepare<[number], { holder_centre_id: number; township_id: number | null }>('SELECT holder_centre_id, township_id FROM disputes WHERE id = ?');
  const incidentHolder = db.prepare<[number], { holder_centre_id: number; township_id: number | null }>('SELECT holder_centre_id, township_id FROM incidents WHERE id = ?');

  const get = (id: number): Meeting | null => {
    const m = one.get(id);
    if (!m) return null;
    const rec = recording.get(id);
    return {
      id: m.id, kind: m.kind, title: m.title, hostCentreId: m.host_centre_id, hostCentreName: m.host_name, openedBy: { id: m.opened_by, name: m.opener_name },
      openedAt: m.opened_at, state: m.state, ringUntil: m.ring_until, answeredAt: m.answered_at, endedAt: m.ended_at, incidentId: m.incident_id, disputeId: m.dispute_id, version: m.version,
      invitees: invitees.all(id).map((i) => ({
        centreId: i.centre_id, centreName: i.centre_name, state: i.state, by: i.by_user === null ? null : { id: i.by_user, name: i.by_name ?? '' }, at: i.at, seen: i.seen === 1,
      })),
      recording: rec
        ? { state: rec.state, sha256: rec.sha256, bytes: rec.bytes, consents: consents.all(id).map((k) => ({ centreId: k.centre_id, by: { id: k.user_id, name: k.name }, at: k.at })) }
        : null,
    };
  };

  return {
    get,
    create(m: { kind: MeetKind; title: string; hostCentreId: number; openedBy: number; at: number; state: MeetState; ringUntil: number | null; incidentId: number | null; disputeId?: number | null }, invited: { centreId: number; state: InviteeState }[]): number {
      const id = insert.get(m.kind, m.title, m.hostCentreId, m.openedBy, m.at, m.state, m.ringUntil, m.incidentId, m.disputeId ?? null)!.id;
      for (const i of invited) insertInvitee.run(id, i.centreId, i.state);
      return id;
    },
    forCentre(centreId: number, missedSince: number, limit = 200): Meeting[] {
      return forCentre.all(centreId, centreId, missedSince, limit).map((r) => get(r.id)!);
    },
    dueRinging(now: number): number[] {
      return due.all(now).map((r) => r.id);
    },
    setState(id: number, state: MeetState, at: number): void {
      setState.run(state, state === 'open' ? at : null, state === 'ended' || state === 'missed' ? at : null, id);
    },
    bump(id: number): void {
      bump.run(id);
    },
    setInvitee(id: number, centreId: number, state: InviteeState, userId: number | null, at: number): void {
      setInvitee.run(state, userId, at, id, centreId);
    },
    missRinging(id: number, at: number): void {
      missRinging.run(at, id);
    },
    markSeen(id: number, centreId: number): boolean {
      return seen.run(id, centreId).changes > 0;
    },
    setRecording(id: number, state: Recording['state'], file: string | null = null, sha256: string | null = null, bytes: number | null = null): void {
      upsertRecording.run(id, state, file, sha256, bytes);
    },
    recordingFile(id: number): string | null {
      return recording.get(id)?.file ?? null;
    },
    consent(id: number, centreId: number, userId: number, at: number): boolean {
      return consent.run(id, centreId, userId, at).changes > 0;
    },
    disputeCentres(disputeId: number): { holder: number; township: number | null } | null {
      const r = disputeHolder.get(disputeId);
      return r ? { holder: r.holder_centre_id, township: r.township_id } : null;
    },
    incidentCentres(incidentId: number): { holder: number; township: number | null } | null {
      const r = incidentHolder.get(incidentId);
      return r ? { holder: r.holder_centre_id, township: r.township_id } : null;
    },
  };
}
export type MeetStore = ReturnType<typeof createMeetStore>;
