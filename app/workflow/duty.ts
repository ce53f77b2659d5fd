// The duty desk: the roster (排班) and duty phone of a unit, the shift handover (交接班) with a note the server computes
// from the stored state, the duty log (值班日志), the directory (通讯录) and the search over every item source.
// Each change is one transaction: the change, its ledger entry and a `duty.*` envelope on the unit's own stream.
import { STREAM_ROLES } from '../../protocol/index.ts';
import type {
  DirectoryUnit, DutyLogEntry, DutyState, Handover, HandoverNote, RosterDay, SearchGroup, SessionUser, ShiftDef,
  DutyLogKind,
} from '../../protocol/index.ts';
import type { z } from 'zod';
import type { SaveRoster as SaveRosterSchema } from '../../protocol/index.ts';
import { addDays, checkLogTime, currentShift, mayEditRoster, mayKeepDuty, onDutyAt, shiftWindow } from '../domain/duty.ts';
import type { Actor } from '../domain/access.ts';
import { shanghaiDay } from '../domain/wartime.ts';
import type { Db } from '../store/db.ts';
import { createDutyStore } from '../store/duty.ts';
import type { Ledger } from '../store/ledger.ts';
import type { Outbox } from '../store/outbox.ts';
import type { Result } from './result.ts';
import type { ItemSource } from './dutySources.ts';

type SaveRosterInput = z.output<typeof SaveRosterSchema>;
const DAY = 24 * 3600_000;
const actorOf = (u: SessionUser): Actor => ({ id: u.id, role: u.role, centreId: u.centreId, centreLevel: u.centreLevel });

export interface DutyDeps {
  countyId: number;
  shifts: () => ShiftDef[];
  sources: () => readonly ItemSource[];
  centres: () => { id: number; parentId: number | null; level: DirectoryUnit['level']; name: string }[];
}

export function createDutyDesk(db: Db, outbox: Outbox, ledger: Ledger, d: DutyDeps) {
  const store = createDutyStore(db);

  /** The handover note: every source's open items for the unit, now. */
  const compose = (u: SessionUser, now: number): HandoverNote => ({
    computedAt: now,
    items: d.sources().flatMap((s) => s.open?.(u, now) ?? []),
  });

  const saveRoster = db.transaction((u: SessionUser, input: SaveRosterInput, now: number): Result<{ roster: RosterDay }> => {
    const unit = store.unit(input.centreId);
    if (!unit) return { ok: false, code: 'NOT_FOUND', details: { centreId: 'no such unit' } };
    const denied = mayEditRoster(actorOf(u), unit);
    if (denied) return { ok: false, code: denied };
    const codes = new Set(d.shifts().map((s) => s.code));
    for (const [i, e] of input.entries.entries()) {
      if (!codes.has(e.shift)) return { ok: false, code: 'DUTY_SHIFT_UNKNOWN', details: { [`entries.${i}.shift`]: e.shift } };
      if (e.userId !== null && store.userUnit(e.userId) !== unit.id) return { ok: false, code: 'DUTY_PERSON_UNIT', details: { [`entries.${i}.userId`]: String(e.userId) } };
    }
    store.replaceRoster(unit.id, input.day, input.entries, u.id, now);
    if (input.dutyPhone !== undefined) store.setDutyPhone(unit.id, input.dutyPhone, now);
    const roster = store.roster(unit.id, input.day);
    const dutyPhone = store.dutyPhone(unit.id);
    ledger.append(now, u.id, 'duty.roster', `centre:${unit.id}`, { day: input.day, entries: input.entries.length, ...(input.dutyPhone !== undefined ? { dutyPhone } : {}) });
    return { ok: true, value: { roster }, out: [{ centreId: unit.id, envelope: outbox.push(unit.id, now, { kind: 'duty.roster', roster, dutyPhone }) }] };
  });

  const handOver = db.transaction((u: SessionUser, remarks: string, now: number): Result<{ handover: Handover }> => {
    const denied = mayKeepDuty(actorOf(u));
    if (denied) return { ok: false, code: denied };
    if (store.waitingHandover(u.centreId)) return { ok: false, code: 'DUTY_HANDOVER_WAITING' };
    const cur = currentShift(d.shifts(), now);
    const note = compose(u, now);
    const id = store.insertHandover(u.centreId, cur?.day ?? shanghaiDay(now), cur?.shift.code ?? '', u.id, now, note, remarks);
    const handover = store.handover(id) as Handover;
    ledger.append(now, u.id, 'duty.handover', `handover:${id}`, { centreId: u.centreId, shift: handover.shift, day: handover.day, items: note.items.length, remarks });
    return { ok: true, value: { handover }, out: [{ centreId: u.centreId, envelope: outbox.push(u.centreId, now, { kind: 'duty.handover', handover }) }] };
  });

  const accept = db.transaction((u: SessionUser, id: number, remarks: string, now: number): Result<{ handover: Handover }> => {
    const h = store.handover(id);
    if (!h) return { ok: false, code: 'NOT_FOUND' };
    if (h.centreId !== u.centreId) return { ok: false, code: 'FORBIDDEN_SCOPE' };
    const denied = mayKeepDuty(actorOf(u));
    if (denied) return { ok: false, code: denied };
    if (h.acceptedAt !== null) return { ok: false, code: 'DUTY_HANDOVER_DONE' };
    if (h.from.id === u.id) return { ok: false, code: 'DUTY_HANDOVER_SELF' };
    if (!store.acceptHandover(id, u.id, now, remarks)) return { ok: false, code: 'DUTY_HANDOVER_DONE' };
    const handover = store.handover(id) as Handover;
    ledger.append(now, u.id, 'duty.accept', `handover:${id}`, { centreId: u.centreId, from: h.from.id, remarks });
    return { ok: true, value: { handover }, out: [{ centreId: u.centreId, envelope: outbox.push(u.centreId, now, { kind: 'duty.handover', handover }) }] };
  });

  const addLog = db.transaction((u: SessionUser, input: { kind: DutyLogKind; text: string; at?: number | undefined }, now: number): Result<{ entry: DutyLogEntry }> => {
    const denied = mayKeepDuty(actorOf(u));
    if (denied) return { ok: false, code: denied };
    const at = input.at ?? now;
    const badTime = checkLogTime(at, now);
    if (badTime) return { ok: false, code: badTime, details: { at: String(at) } };
    const entry = store.insertLog(u.centreId, at, input.kind, input.text, u.id, now);
    ledger.append(now, u.id, 'duty.log', `centre:${u.centreId}`, { id: entry.id, at, kind: input.kind, text: input.text });
    return { ok: true, value: { entry }, out: [{ centreId: u.centreId, envelope: outbox.push(u.centreId, now, { kind: 'duty.log', entry }) }] };
  });

  /** Which units a console lists in its directory: the county, townships and departments; villages of its own township. */
  const listed = (u: SessionUser) => {
    const all = d.centres();
    if (u.centreId === d.countyId) return all;
    const own = all.find((c) => c.id === u.centreId);
    const township = own?.level === 'township' ? own.id : own?.level === 'village' ? own.parentId : null;
    return all.filter((c) => c.level !== 'village' || (township !== null && c.parentId === township));
  };

  return {
    store,
    saveRoster: (u: SessionUser, input: SaveRosterInput, now: number) => saveRoster(u, input, now),
    handOver: (u: SessionUser, remarks: string, now: number) => handOver(u, remarks, now),
    accept: (u: SessionUser, id: number, remarks: string, now: number) => accept(u, id, remarks, now),
    addLog: (u: SessionUser, input: { kind: DutyLogKind; text: string; at?: number | undefined }, now: number) => addLog(u, input, now),

    /** The handover note as it would be now (the outgoing officer's preview; the stored one is computed at hand-over). */
    preview(u: SessionUser, now: number): Result<{ note: HandoverNote }> {
      const denied = mayKeepDuty(actorOf(u));
      if (denied) return { ok: false, code: denied };
      return { ok: true, value: { note: compose(u, now) }, out: [] };
    },

    /** A unit's roster of a day: a console reads its own unit's; the county reads any unit's. */
    roster(u: SessionUser, centreId: number, day: string): Result<{ roster: RosterDay; dutyPhone: string | null }> {
      if (!STREAM_ROLES.includes(u.role)) return { ok: false, code: 'FORBIDDEN_ROLE' };
      if (!store.unit(centreId)) return { ok: false, code: 'NOT_FOUND' };
      if (u.centreId !== centreId && u.centreId !== d.countyId) return { ok: false, code: 'FORBIDDEN_SCOPE' };
      return { ok: true, value: { roster: store.roster(centreId, day), dutyPhone: store.dutyPhone(centreId) }, out: [] };
    },

    /** The stream snapshot's `duty`: what a console of the unit starts from. */
    snapshot(u: SessionUser, now: number): DutyState {
      const today = shanghaiDay(now);
      const unit = store.unit(u.centreId);
      const since = now - 2 * DAY;
      return {
        shifts: d.shifts(),
        dutyPhone: store.dutyPhone(u.centreId),
        rosters: [addDays(today, -1), today, addDays(today, 1)].map((day) => store.roster(u.centreId, day)),
        handovers: store.handoversSince(u.centreId, since),
        log: store.logBetween(u.centreId, since, now + DAY),
        mayEditRoster: unit !== null && mayEditRoster(actorOf(u), unit) === null,
      };
    },

    directory(u: SessionUser, now: number): DirectoryUnit[] {
      const today = shanghaiDay(now);
      const rosters = store.rostersBetween(addDays(today, -1), today);
      const phones = store.dutyPhones();
      const shifts = d.shifts();
      return listed(u).map((c) => ({
        id: c.id, parentId: c.parentId, level: c.level, name: c.name, dutyPhone: phones.get(c.id) ?? null,
        onDuty: onDutyAt(shifts, rosters.get(c.id) ?? new Map(), now),
      }));
    },

    /** One search over every source that searches, grouped by kind (empty groups left out). */
    search(u: SessionUser, text: string, limit: number): SearchGroup[] {
      return d
        .sources()
        .filter((s) => s.search)
        .map((s) => ({ kind: s.kind, label: s.label, hits: s.search?.(u, text, limit) ?? [] }))
        .filter((g) => g.hits.length > 0);
    },

    /** What the printed daily record of a unit holds: the roster, the log and the handovers of the day's shifts. */
    dayRecord(centreId: number, day: string) {
      const shifts = d.shifts();
      const from = Math.min(...shifts.map((s) => shiftWindow(day, s).startsAt));
      const to = from + DAY;
      return {
        shifts, from, to, roster: store.roster(centreId, day), dutyPhone: store.dutyPhone(centreId),
        log: store.logBetween(centreId, from, to).reverse(), handovers: store.handoversBetween(centreId, from, to),
      };
    },
  };
}
export type DutyDesk = ReturnType<typeof createDutyDesk>;
