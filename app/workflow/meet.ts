// Meetings as durable facts: each step is one transaction writing the change, its ledger entry and a `meet.updated`
// envelope to the host unit and every invited unit (so a console that reconnects while a call rings sees it ring, and
// every console of the unit stops ringing when one answers). The media side (Janus rooms) is app/realtime/meetRooms.ts.
import type { Meeting, Recording } from '../../protocol/index.ts';
import type { Actor } from '../domain/access.ts';
import { MISSED_KEPT_MS, RING_MS, callable, mayAnswer, mayEnd, mayHost, mayOpen } from '../domain/meet.ts';
import type { Db } from '../store/db.ts';
import type { Directory } from '../store/directory.ts';
import type { Ledger } from '../store/ledger.ts';
import { createMeetStore } from '../store/meet.ts';
import type { Addressed, Outbox } from '../store/outbox.ts';
import type { Result } from './result.ts';

type Out = Result<{ meeting: Meeting }>;

export function createMeetDesk(db: Db, outbox: Outbox, ledger: Ledger, directory: Directory) {
  const store = createMeetStore(db);
  const levelOf = (id: number) => directory.centres().find((c) => c.id === id)?.level ?? null;

  const announce = (id: number, now: number): { meeting: Meeting; out: Addressed[] } => {
    const meeting = store.get(id)!;
    const units = [meeting.hostCentreId, ...meeting.invitees.map((i) => i.centreId)];
    return { meeting, out: outbox.pushAll([...new Set(units)], now, { kind: 'meet.updated', meeting }) };
  };
  const done = (id: number, now: number): Out => {
    const { meeting, out } = announce(id, now);
    return { ok: true, value: { meeting }, out };
  };

  const call = db.transaction((actor: Actor, centreId: number, now: number): Out => {
    const denied = mayOpen(actor) ?? callable(levelOf(centreId));
    if (denied) return { ok: false, code: denied, details: denied === 'FORBIDDEN_ROLE' ? {} : { centreId: String(centreId) } };
    const id = store.create(
      { kind: 'call', title: `一键通 · ${directory.centreName(centreId)}`, hostCentreId: actor.centreId, openedBy: actor.id, at: now, state: 'ringing', ringUntil: now + RING_MS, incidentId: null },
      [{ centreId, state: 'ringing' }],
    );
    ledger.append(now, actor.id, 'meet.call', `meeting:${id}`, { to: centreId });
    return done(id, now);
  });

  const open = db.transaction((actor: Actor, req: { kind: 'meeting' | 'mediation'; title: string; centreIds: number[]; allTownships: boolean; incidentId: number | null; disputeId?: number | null }, now: number): Out => {
    const denied = mayOpen(actor);
    if (denied) return { ok: false, code: denied };
    const ids = new Set(req.centreIds);
    if (req.allTownships) for (const t of directory.idsAt('township')) ids.add(t);
    if (req.kind === 'mediation') {
      const disputeId = req.disputeId ?? null;
      if (req.incidentId === null && disputeId === null) return { ok: false, code: 'MEET_NO_CASE', details: { incidentId: 'required' } };
      // One subject: an incident or a dispute (a dispute made from a grid report is mediated as the dispute).
      if (req.incidentId !== null && disputeId !== null) return { ok: false, code: 'VALIDATION_FAILED', details: { disputeId: 'either incidentId or disputeId' } };
      const c = disputeId !== null ? store.disputeCentres(disputeId) : store.incidentCentres(req.incidentId!);
      if (!c) return { ok: false, code: 'NOT_FOUND', details: disputeId !== null ? { disputeId: String(disputeId) } : { incidentId: String(req.incidentId) } };
      // The unit holding the case and the case's township take part (the parties may join from a township console).
      ids.add(c.holder);
      if (c.township !== null) ids.add(c.township);
    }
    ids.delete(actor.centreId);
    if (ids.size === 0) return { ok: false, code: 'VALIDATION_FAILED', details: { centreIds: 'empty' } };
    for (const c of ids) {
      const bad = callable(levelOf(c));
      if (bad) return { ok: false, code: bad, details: { centreIds: String(c) } };
    }
    const id = store.create(
      { kind: req.kind, title: req.title, hostCentreId: actor.centreId, openedBy: actor.id, at: now, state: 'open', ringUntil: null, incidentId: req.kind === 'mediation' ? req.incidentId : null, disputeId: req.kind === 'mediation' ? (req.disputeId ?? null) : null },
      [...ids].map((centreId) => ({ centreId, state: 'invited' as const })),
    );
    if (req.kind === 'mediation') store.setRecording(id, 'consent');
    ledger.append(now, actor.id, `meet.open`, `meeting:${id}`, { kind: req.kind, units: [...ids], incidentId: req.incidentId, ...(req.disputeId ? { disputeId: req.disputeId } : {}) });
    return done(id, now);
  });

  const answer = db.transaction((actor: Actor, id: number, now: number): Out => {
    const m = store.get(id);
    if (!m) return { ok: false, code: 'NOT_FOUND' };
    const denied = mayAnswer(actor, m);
    if (denied) return { ok: false, code: denied };
    store.setInvitee(id, actor.centreId, 'answered', actor.id, now);
    store.setState(id, 'open', now);
    ledger.append(now, actor.id, 'meet.answer', `meeting:${id}`, { centreId: actor.centreId });
    return done(id, now);
  });

  const end = db.transaction((actor: Actor, id: number, now: number): Out => {
    const m = store.get(id);
    if (!m) return { ok: false, code: 'NOT_FOUND' };
    const denied = mayEnd(actor, m);
    if (denied) return { ok: false, code: denied };
    let action = 'meet.end';
    if (m.state === 'ringing') {
      if (actor.centreId === m.hostCentreId) {
        // The caller gave up: the call is missed at the unit (it waits in 待办).
        store.missRinging(id, now);
        store.setState(id, 'missed', now);
        action = 'meet.cancel';
      } else {
        store.setInvitee(id, actor.centreId, 'declined', actor.id, now);
        store.setState(id, 'ended', now);
        action = 'meet.decline';
      }
    } else store.setState(id, 'ended', now);
    const durationMs = m.answeredAt !== null ? now - m.answeredAt : m.kind === 'call' ? 0 : now - m.openedAt;
    ledger.append(now, actor.id, action, `meeting:${id}`, { durationMs });
    return done(id, now);
  });

  const seen = db.transaction((actor: Actor, id: number, now: number): Out => {
    const m = store.get(id);
    if (!m) return { ok: false, code: 'NOT_FOUND' };
    if (!m.invitees.some((i) => i.centreId === actor.centreId)) return { ok: false, code: 'FORBIDDEN_SCOPE' };
    if (!store.markSeen(id, actor.centreId)) return { ok: true, value: { meeting: m }, out: [] };
    store.bump(id);
    ledger.append(now, actor.id, 'meet.seen', `meeting:${id}`, { centreId: actor.centreId });
    return done(id, now);
  });

  const fireDue = db.transaction((now: number): Addressed[] => {
    const out: Addressed[] = [];
    for (const id of store.dueRinging(now)) {
      store.missRinging(id, now);
      store.setState(id, 'missed', now);
      ledger.append(now, null, 'meet.missed', `meeting:${id}`, {});
      out.push(...announce(id, now).out);
    }
    return out;
  });

  const consent = db.transaction((actor: Actor, id: number, now: number): Out => {
    const m = store.get(id);
    if (!m) return { ok: false, code: 'NOT_FOUND' };
    if (m.kind !== 'mediation' || !m.recording) return { ok: false, code: 'VALIDATION_FAILED', details: { meetingId: 'not a mediation' } };
    if (m.state !== 'open') return { ok: false, code: 'MEET_ENDED' };
    if (actor.centreId !== m.hostCentreId && !m.invitees.some((i) => i.centreId === actor.centreId)) return { ok: false, code: 'FORBIDDEN_SCOPE' };
    if (!store.consent(id, actor.centreId, actor.id, now)) return { ok: true, value: { meeting: m }, out: [] };
    store.bump(id);
    ledger.append(now, actor.id, 'meet.consent', `meeting:${id}`, { centreId: actor.centreId });
    return done(id, now);
  });

  /** Recording steps: on (everyone consented), converting, done with the file's hash, failed. */
  const recording = db.transaction((actor: Actor | null, id: number, state: Recording['state'], now: number, file?: { path: string; sha256: string; bytes: number }): Out => {
    const m = store.get(id);
    if (!m?.recording) return { ok: false, code: 'NOT_FOUND' };
    if (actor) {
      const denied = mayHost(actor, m);
      if (denied) return { ok: false, code: denied };
      if (state === 'on') {
        const units = [m.hostCentreId, ...m.invitees.map((i) => i.centreId)];
        const consented = new Set(m.recording.consents.map((k) => k.centreId));
        const missing = units.filter((u) => !consented.has(u));
        if (missing.length) return { ok: false, code: 'MEET_CONSENT_MISSING', details: { centreIds: missing.join(',') } };
      }
    }
    store.setRecording(id, state, file?.path ?? null, file?.sha256 ?? null, file?.bytes ?? null);
    store.bump(id);
    ledger.append(now, actor?.id ?? null, `meet.recording.${state}`, `meeting:${id}`, file ? { sha256: file.sha256, bytes: file.bytes, incidentId: m.incidentId, disputeId: m.disputeId } : {});
    // The dispute's own trail carries the recording's hash too, so its file can be checked from the case.
    if (file && state === 'done' && m.disputeId !== null) ledger.append(now, actor?.id ?? null, 'meet.recording.attached', `dispute:${m.disputeId}`, { meetingId: id, sha256: file.sha256, bytes: file.bytes });
    return done(id, now);
  });

  /** A host's step on a participant (mute, remove, wall): latest-wins state, but who did it to whom is in the ledger. */
  const hostAction = db.transaction((actor: Actor, id: number, action: 'mute' | 'unmute' | 'kick' | 'wall', target: { userId: number; centreId: number } | null, now: number): void => {
    ledger.append(now, actor.id, `meet.${action}`, `meeting:${id}`, target ?? {});
  });

  return {
    store,
    hostAction: (actor: Actor, id: number, action: 'mute' | 'unmute' | 'kick' | 'wall', target: { userId: number; centreId: number } | null, now: number) =>
      hostAction(actor, id, action, target, now),
    get: (id: number) => store.get(id),
    call: (actor: Actor, centreId: number, now: number) => call(actor, centreId, now),
    open: (actor: Actor, req: Parameters<typeof open>[1], now: number) => open(actor, req, now),
    answer: (actor: Actor, id: number, now: number) => answer(actor, id, now),
    end: (actor: Actor, id: number, now: number) => end(actor, id, now),
    seen: (actor: Actor, id: number, now: number) => seen(actor, id, now),
    consent: (actor: Actor, id: number, now: number) => consent(actor, id, now),
    recording: (actor: Actor | null, id: number, state: Recording['state'], now: number, file?: { path: string; sha256: string; bytes: number }) => recording(actor, id, state, now, file),
    fireDue: (now: number) => fireDue(now),
    /** A console's starting state: its unit's meetings still going and missed calls not yet looked at. */
    snapshot: (centreId: number, now: number) => store.forCentre(centreId, now - MISSED_KEPT_MS),
  };
}
export type MeetDesk = ReturnType<typeof createMeetDesk>;
