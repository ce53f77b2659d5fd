// The duty desk's tables (migration 0017): duty phones, rosters, handovers, the duty log. SQL only.
import type { CentreLevel, DutyLogEntry, DutyLogKind, Handover, HandoverNote, PersonRef, RosterDay, RosterEntry } from '../../protocol/index.ts';
import type { Db } from './db.ts';

interface HandoverDb {
  id: number; centre_id: number; shift_day: string; shift: string; from_user: number; from_name: string; handed_at: number; note: string;
  remarks: string; to_user: number | null; to_name: string | null; accepted_at: number | null; accept_remarks: string;
}
interface LogDb { id: number; centre_id: number; at: number; kind: DutyLogKind; text: string; by_user: number; by_name: string; recorded_at: number }

const HANDOVER_SELECT = `SELECT h.*, f.name AS from_name, t.name AS to_name FROM duty_handovers h JOIN users f ON f.id = h.from_user
  LEFT JOIN users t ON t.id = h.to_user`;
const LOG_SELECT = 'SELECT l.*, u.name AS by_name FROM duty_log l JOIN users u ON u.id = l.by_user';

const toHandover = (r: HandoverDb): Handover => ({
  id: r.id, centreId: r.centre_id, day: r.shift_day, shift: r.shift, from: { id: r.from_user, name: r.from_name }, handedAt: r.handed_at,
  note: JSON.parse(r.note) as HandoverNote, remarks: r.remarks, to: r.to_user === null ? null : { id: r.to_user, name: r.to_name ?? '' },
  acceptedAt: r.accepted_at, acceptRemarks: r.accept_remarks,
});
const toLog = (r: LogDb): DutyLogEntry => ({
  id: r.id, centreId: r.centre_id, at: r.at, kind: r.kind, text: r.text, by: { id: r.by_user, name: r.by_name }, recordedAt: r.recorded_at,
});

export function createDutyStore(db: Db) {
  const unit = db.prepare<[number], { id: number; level: CentreLevel; name: string }>('SELECT id, level, name FROM centres WHERE id = ?');
  const phone = db.prepare<[number], { phone: string }>('SELECT phone FROM duty_phones WHERE centre_id = ?');
  const setPhone = db.prepare(
    'INSERT INTO duty_phones (centre_id, phone, updated_at) VALUES (?, ?, ?) ON CONFLICT(centre_id) DO UPDATE SET phone = excluded.phone, updated_at = excluded.updated_at',
  );
  const clearPhone = db.prepare('DELETE FROM duty_phones WHERE centre_id = ?');
  const entries = db.prepare<[number, string], { shift: string; position: 'leader' | 'officer'; name: string; phone: string; user_id: number | null }>(
    'SELECT shift, position, name, phone, user_id FROM duty_roster WHERE centre_id = ? AND day = ? ORDER BY ord',
  );
  const dayMeta = db.prepare<[number, string], { updated_at: number; updated_by: number; by_name: string }>(
    'SELECT d.updated_at, d.updated_by, u.name AS by_name FROM duty_roster_days d JOIN users u ON u.id = d.updated_by WHERE d.centre_id = ? AND d.day = ?',
  );
  const deleteDay = db.prepare('DELETE FROM duty_roster WHERE centre_id = ? AND day = ?');
  const insertEntry = db.prepare('INSERT INTO duty_roster (centre_id, day, shift, position, name, phone, user_id, ord) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const touchDay = db.prepare(
    `INSERT INTO duty_roster_days (centre_id, day, updated_at, updated_by) VALUES (?, ?, ?, ?)
     ON CONFLICT(centre_id, day) DO UPDATE SET updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  );
  const userUnit = db.prepare<[number], { centre_id: number }>('SELECT centre_id FROM users WHERE id = ? AND active = 1');
  const rosterOfDays = db.prepare<[string, string], { centre_id: number; day: string; shift: string; position: 'leader' | 'officer'; name: string; phone: string; user_id: number | null }>(
    'SELECT centre_id, day, shift, position, name, phone, user_id FROM duty_roster WHERE day >= ? AND day <= ? ORDER BY centre_id, day, ord',
  );
  const allPhones = db.prepare<[], { centre_id: number; phone: string }>('SELECT centre_id, phone FROM duty_phones');

  const insertHandover = db.prepare(
    'INSERT INTO duty_handovers (centre_id, shift_day, shift, from_user, handed_at, note, remarks) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const handoverById = db.prepare<[number], HandoverDb>(`${HANDOVER_SELECT} WHERE h.id = ?`);
  const waiting = db.prepare<[number], HandoverDb>(`${HANDOVER_SELECT} WHERE h.centre_id = ? AND h.accepted_at IS NULL`);
  const accept = db.prepare('UPDATE duty_handovers SET to_user = ?, accepted_at = ?, accept_remarks = ? WHERE id = ? AND accepted_at IS NULL');
  const handoversSince = db.prepare<[number, number, number], HandoverDb>(
    `${HANDOVER_SELECT} WHERE h.centre_id = ? AND (h.handed_at >= ? OR h.accepted_at IS NULL) ORDER BY h.handed_at DESC LIMIT ?`,
  );
  const handoversBetween = db.prepare<[number, number, number], HandoverDb>(
    `${HANDOVER_SELECT} WHERE h.centre_id = ? AND h.handed_at >= ? AND h.handed_at < ? ORDER BY h.handed_at`,
  );

  const insertLog = db.prepare('INSERT INTO duty_log (centre_id, at, kind, text, by_user, recorded_at) VALUES (?, ?, ?, ?, ?, ?)');
  const logById = db.prepare<[number], LogDb>(`${LOG_SELECT} WHERE l.id = ?`);
  const logBetween = db.prepare<[number, number, number, number], LogDb>(
    `${LOG_SELECT} WHERE l.centre_id = ? AND l.at >= ? AND l.at < ? ORDER BY l.at DESC, l.id DESC LIMIT ?`,
  );

  return {
    unit: (id: number) => unit.get(id) ?? null,
    /** The account's unit (active accounts only). */
    userUnit: (userId: number): number | null => userUnit.get(userId)?.centre_id ?? null,
    dutyPhone: (centreId: number): string | null => phone.get(centreId)?.phone ?? null,
    setDutyPhone(centreId: number, value: string, now: number): void {
      if (value === '') clearPhone.run(centreId);
      else setPhone.run(centreId, value, now);
    },
    roster(centreId: number, day: string): RosterDay {
      const meta = dayMeta.get(centreId, day);
      return {
        centreId, day,
        entries: entries.all(centreId, day).map((e) => ({ shift: e.shift, position: e.position, name: e.name, phone: e.phone, userId: e.user_id })),
        updatedAt: meta?.updated_at ?? null, updatedBy: meta ? ({ id: meta.updated_by, name: meta.by_name } satisfies PersonRef) : null,
      };
    },
    replaceRoster(centreId: number, day: string, list: readonly RosterEntry[], by: number, now: number): void {
      deleteDay.run(centreId, day);
      list.forEach((e, i) => insertEntry.run(centreId, day, e.shift, e.position, e.name, e.phone, e.userId, i));
      touchDay.run(centreId, day, now, by);
    },
    /** Every unit's roster entries of the days from…to (for the directory's who-is-on-duty). */
    rostersBetween(from: string, to: string): Map<number, Map<string, RosterEntry[]>> {
      const out = new Map<number, Map<string, RosterEntry[]>>();
      for (const r of rosterOfDays.all(from, to)) {
        const days = out.get(r.centre_id) ?? new Map<string, RosterEntry[]>();
        out.set(r.centre_id, days);
        const list = days.get(r.day) ?? [];
        days.set(r.day, list);
        list.push({ shift: r.shift, position: r.position, name: r.name, phone: r.phone, userId: r.user_id });
      }
      return out;
    },
    dutyPhones: (): Map<number, string> => new Map(allPhones.all().map((r) => [r.centre_id, r.phone])),

    waitingHandover(centreId: number): Handover | null {
      const r = waiting.get(centreId);
      return r ? toHandover(r) : null;
    },
    handover(id: number): Handover | null {
      const r = handoverById.get(id);
      return r ? toHandover(r) : null;
    },
    insertHandover(centreId: number, day: string, shift: string, from: number, at: number, note: HandoverNote, remarks: string): number {
      return Number(insertHandover.run(centreId, day, shift, from, at, JSON.stringify(note), remarks).lastInsertRowid);
    },
    /** False when someone accepted it first. */
    acceptHandover(id: number, by: number, at: number, remarks: string): boolean {
      return accept.run(by, at, remarks, id).changes === 1;
    },
    handoversSince: (centreId: number, since: number, limit = 50): Handover[] => handoversSince.all(centreId, since, limit).map(toHandover),
    handoversBetween: (centreId: number, from: number, to: number): Handover[] => handoversBetween.all(centreId, from, to).map(toHandover),

    insertLog(centreId: number, at: number, kind: DutyLogKind, text: string, by: number, now: number): DutyLogEntry {
      const id = Number(insertLog.run(centreId, at, kind, text, by, now).lastInsertRowid);
      return toLog(logById.get(id) as LogDb);
    },
    logBetween: (centreId: number, from: number, to: number, limit = 500): DutyLogEntry[] => logBetween.all(centreId, from, to, limit).map(toLog),
  };
}
export type DutyStore = ReturnType<typeof createDutyStore>;
