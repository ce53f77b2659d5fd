// Disputes, their parties (people records), timeline, reveal log and the trigram search index. Rows come back with
// personal data in full: masking is the workflow's (app/workflow/disputes.ts), which knows who is asking.
import type { CentreLevel, DisputeChannel, DisputeEvent, DisputeQuery, DisputeState, DisputeType, IdType, PartyRole, RiskGrade, RiskReason } from '../../protocol/index.ts';
import type { Db } from './db.ts';

export interface DisputeRow {
  id: number; code: string; channel: DisputeChannel; hotline_ref: string | null; source_unit: string | null; incident_id: number | null;
  type: DisputeType; amount_fen: number | null; summary: string; people_count: number; extreme_threat: number; risk_grade: RiskGrade;
  risk_reasons: string; repeat_of: string; state: DisputeState; holder_centre_id: number; assigned_from_id: number | null; pending_sign: number;
  township_id: number | null; registered_by: number; registered_centre_id: number; idempotency_key: string; queue_day: string | null;
  queue_ticket: number | null; registered_at: number; resolve_by: number | null; urge_due_at: number | null; supervise_due_at: number | null;
  urged_at: number | null; supervised_at: number | null; result: string | null; satisfaction: number | null; closed_at: number | null;
  updated_at: number; version: number;
  registered_by_name: string; holder_name: string; holder_level: CentreLevel; township_name: string | null; incident_code: string | null;
}

export interface PartyRow {
  id: number; dispute_id: number; person_id: number; role: PartyRole; position: number; name: string; phone: string | null;
  id_type: IdType | null; id_number: string | null;
}

export interface PersonRow { id: number; name: string; phone: string | null; id_type: IdType | null; id_number: string | null }

export interface NewDispute {
  code: string; channel: DisputeChannel; hotlineRef: string | null; sourceUnit: string | null; incidentId: number | null; type: DisputeType;
  amountFen: number | null; summary: string; peopleCount: number; extremeThreat: boolean; riskGrade: RiskGrade; riskReasons: RiskReason[];
  repeatOf: string[]; state: DisputeState; holderCentreId: number; townshipId: number | null; registeredBy: number; registeredCentreId: number;
  idempotencyKey: string; queueDay: string | null; queueTicket: number | null; registeredAt: number;
}

export interface NewParty { personId: number; role: PartyRole; name: string; phone: string | null; idType: IdType | null; idNumber: string | null }

/** Which disputes a unit sees: the county all; another unit those it holds, registered, or that arose in its area. */
export type DisputeScope = { level: 'county' } | { level: 'unit'; centreId: number };

export function disputeScopeSql(scope: DisputeScope): { sql: string; args: number[] } {
  if (scope.level === 'county') return { sql: '1', args: [] };
  return { sql: '(d.township_id = ? OR d.holder_centre_id = ? OR d.registered_centre_id = ?)', args: [scope.centreId, scope.centreId, scope.centreId] };
}

const SELECT = `SELECT d.*, u.name AS registered_by_name, h.name AS holder_name, h.level AS holder_level, t.name AS township_name, i.code AS incident_code
  FROM disputes d JOIN users u ON u.id = d.registered_by JOIN centres h ON h.id = d.holder_centre_id
  LEFT JOIN centres t ON t.id = d.township_id LEFT JOIN incidents i ON i.id = d.incident_id`;

/** A search text as one FTS5 string literal (quotes doubled): trigram matches it as a substring, operators and all. */
export const ftsLiteral = (q: string) => `"${q.replaceAll('"', '""')}"`;

/** Trigram needs three characters; a shorter query is matched on party names instead (see `filters`). */
export const MIN_FTS_CHARS = 3;

export function createDisputeStore(db: Db) {
  const insert = db.prepare(`INSERT INTO disputes (code, channel, hotline_ref, source_unit, incident_id, type, amount_fen, summary, people_count,
      extreme_threat, risk_grade, risk_reasons, repeat_of, state, holder_centre_id, township_id, registered_by, registered_centre_id,
      idempotency_key, queue_day, queue_ticket, registered_at, updated_at)
    VALUES (@code, @channel, @hotlineRef, @sourceUnit, @incidentId, @type, @amountFen, @summary, @peopleCount, @extremeThreat, @riskGrade,
      @riskReasons, @repeatOf, @state, @holderCentreId, @townshipId, @registeredBy, @registeredCentreId, @idempotencyKey, @queueDay,
      @queueTicket, @registeredAt, @registeredAt)`);
  const byId = db.prepare<[number], DisputeRow>(`${SELECT} WHERE d.id = ?`);
  const byCode = db.prepare<[string], { id: number }>('SELECT id FROM disputes WHERE code = ?');
  const byKey = db.prepare<[number, string], { id: number }>('SELECT id FROM disputes WHERE registered_by = ? AND idempotency_key = ?');
  const byIncident = db.prepare<[number], { id: number }>('SELECT id FROM disputes WHERE incident_id = ?');
  const lastTicket = db.prepare<[number, string], { n: number | null }>('SELECT MAX(queue_ticket) AS n FROM disputes WHERE registered_centre_id = ? AND queue_day = ?');
  const insertParty = db.prepare(`INSERT INTO dispute_parties (dispute_id, person_id, role, position, name, phone, id_type, id_number)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const partiesOf = db.prepare<[number], PartyRow>('SELECT * FROM dispute_parties WHERE dispute_id = ? ORDER BY position');
  const partyById = db.prepare<[number], PartyRow>('SELECT * FROM dispute_parties WHERE id = ?');
  const personById = db.prepare<[number], PersonRow>('SELECT id, name, phone, id_type, id_number FROM people WHERE id = ?');
  const personByIdNumber = db.prepare<[string, string], PersonRow>('SELECT id, name, phone, id_type, id_number FROM people WHERE id_type = ? AND id_number = ?');
  const peopleByPhone = db.prepare<[string], PersonRow>('SELECT id, name, phone, id_type, id_number FROM people WHERE phone = ? ORDER BY id LIMIT 20');
  const insertPerson = db.prepare('INSERT INTO people (name, phone, id_type, id_number, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
  // What a person told us last is what we keep on the record (a missing value never erases a known one).
  const updatePerson = db.prepare(`UPDATE people SET name = ?, phone = COALESCE(?, phone), id_type = COALESCE(?, id_type),
    id_number = COALESCE(?, id_number), updated_at = ? WHERE id = ?`);
  const casesOfPeople = db.prepare<[string], { dispute_id: number; person_id: number }>(
    'SELECT DISTINCT dispute_id, person_id FROM dispute_parties WHERE person_id IN (SELECT value FROM json_each(?))',
  );
  const addEvent = db.prepare('INSERT INTO dispute_events (dispute_id, at, kind, actor_id, actor_centre_id, centre_id, note) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const eventsOf = db.prepare<[number], { at: number; kind: string; actor_id: number | null; actor_name: string | null; actor_centre_name: string | null; centre_name: string | null; note: string }>(
    `SELECT e.at, e.kind, e.actor_id, u.name AS actor_name, a.name AS actor_centre_name, c.name AS centre_name, e.note FROM dispute_events e
     LEFT JOIN users u ON u.id = e.actor_id LEFT JOIN centres a ON a.id = e.actor_centre_id LEFT JOIN centres c ON c.id = e.centre_id
     WHERE e.dispute_id = ? ORDER BY e.id`,
  );
  const insertReveal = db.prepare('INSERT INTO dispute_reveals (at, user_id, dispute_id, party_id, field) VALUES (?, ?, ?, ?, ?)');
  const reveals = db.prepare<[number], { at: number; user_id: number; user_name: string; party_id: number; party_name: string; field: 'phone' | 'idNumber' }>(
    `SELECT r.at, r.user_id, u.name AS user_name, r.party_id, p.name AS party_name, r.field FROM dispute_reveals r
     JOIN users u ON u.id = r.user_id JOIN dispute_parties p ON p.id = r.party_id WHERE r.dispute_id = ? ORDER BY r.id`,
  );
  const ftsDelete = db.prepare('DELETE FROM disputes_fts WHERE rowid = ?');
  const ftsInsert = db.prepare('INSERT INTO disputes_fts (rowid, code, names, phones, id_numbers, summary) VALUES (?, ?, ?, ?, ?, ?)');

  function partiesFor(ids: readonly number[]): Map<number, PartyRow[]> {
    const out = new Map<number, PartyRow[]>();
    if (ids.length === 0) return out;
    const rows = db
      .prepare<[string], PartyRow>('SELECT * FROM dispute_parties WHERE dispute_id IN (SELECT value FROM json_each(?)) ORDER BY dispute_id, position')
      .all(JSON.stringify(ids));
    for (const r of rows) {
      const list = out.get(r.dispute_id) ?? [];
      list.push(r);
      out.set(r.dispute_id, list);
    }
    return out;
  }

  function filters(scope: DisputeScope, f: DisputeQuery): { where: string[]; args: (number | string)[]; match: string | null } {
    const where: string[] = [];
    const args: (number | string)[] = [];
    const add = (sql: string, ...values: (number | string)[]) => {
      where.push(sql);
      args.push(...values);
    };
    const s = disputeScopeSql(scope);
    add(s.sql, ...s.args);
    if (f.type) add('d.type = ?', f.type);
    if (f.channel) add('d.channel = ?', f.channel);
    if (f.centreId !== undefined) add('d.holder_centre_id = ?', f.centreId);
    if (f.risk) add('d.risk_grade = ?', f.risk);
    if (f.state) add('d.state = ?', f.state);
    if (f.from !== undefined) add('d.registered_at >= ?', f.from);
    if (f.to !== undefined) add('d.registered_at < ?', f.to);
    const q = f.q?.trim();
    let match: string | null = null;
    if (q) {
      if ([...q].length >= MIN_FTS_CHARS) match = ftsLiteral(q);
      // Two characters are a surname (欧阳, 赵德…) or a given name (德明): names are indexed with a space on each side,
      // so " 德明" and "德明 " are trigrams that start or end a name. Names only: two characters of text match too much.
      else if ([...q].length === 2) match = `names : (${ftsLiteral(`${q} `)} OR ${ftsLiteral(` ${q}`)})`;
      // One character is a surname: names that start with it, by the name index.
      else add('d.id IN (SELECT dispute_id FROM dispute_parties WHERE name >= ? AND name < ?)', q, `${q}\u{10FFFF}`);
    }
    return { where, args, match };
  }

  return {
    insert(n: NewDispute): number {
      return Number(
        insert.run({
          ...n, extremeThreat: n.extremeThreat ? 1 : 0, riskReasons: JSON.stringify(n.riskReasons), repeatOf: JSON.stringify(n.repeatOf),
        }).lastInsertRowid,
      );
    },
    addParty(disputeId: number, position: number, p: NewParty): number {
      return Number(insertParty.run(disputeId, p.personId, p.role, position, p.name, p.phone, p.idType, p.idNumber).lastInsertRowid);
    },
    /** Rewrites the case's search row from what is stored (after any change to the case or its parties). */
    index(id: number): void {
      const d = byId.get(id);
      ftsDelete.run(id);
      if (!d) return;
      const ps = partiesOf.all(id);
      const join = (xs: (string | null)[]) => xs.filter(Boolean).join(' ');
      // A space before and after every name: the trigrams " 德明" / "德明 " let two characters find a name's start or end.
      ftsInsert.run(id, d.code, ` ${join(ps.map((p) => p.name))} `, join(ps.map((p) => p.phone)), join(ps.map((p) => p.id_number)), d.summary);
    },
    row(id: number): DisputeRow | undefined {
      return byId.get(id);
    },
    idByCode(code: string): number | undefined {
      return byCode.get(code)?.id;
    },
    idByIdempotencyKey(userId: number, key: string): number | undefined {
      return byKey.get(userId, key)?.id;
    },
    idByIncident(incidentId: number): number | undefined {
      return byIncident.get(incidentId)?.id;
    },
    nextTicket(centreId: number, day: string): number {
      return (lastTicket.get(centreId, day)?.n ?? 0) + 1;
    },
    parties(id: number): PartyRow[] {
      return partiesOf.all(id);
    },
    party(id: number): PartyRow | undefined {
      return partyById.get(id);
    },
    partiesFor,
    person(id: number): PersonRow | undefined {
      return personById.get(id);
    },
    personByIdNumber(idType: IdType, idNumber: string): PersonRow | undefined {
      return personByIdNumber.get(idType, idNumber);
    },
    peopleByPhone(phone: string): PersonRow[] {
      return peopleByPhone.all(phone);
    },
    addPerson(p: { name: string; phone: string | null; idType: IdType | null; idNumber: string | null }, now: number): number {
      return Number(insertPerson.run(p.name, p.phone, p.idNumber ? p.idType : null, p.idNumber, now, now).lastInsertRowid);
    },
    updatePerson(id: number, p: { name: string; phone: string | null; idType: IdType | null; idNumber: string | null }, now: number): void {
      updatePerson.run(p.name, p.phone, p.idNumber ? p.idType : null, p.idNumber, now, id);
    },
    /** Every case any of these people is a party to, with which person. */
    casesOfPeople(personIds: readonly number[]): { dispute_id: number; person_id: number }[] {
      return personIds.length ? casesOfPeople.all(JSON.stringify(personIds)) : [];
    },
    addEvent(disputeId: number, at: number, kind: string, actor: { id: number; centreId: number } | null, centreId: number | null, note = ''): void {
      addEvent.run(disputeId, at, kind, actor?.id ?? null, actor?.centreId ?? null, centreId, note);
    },
    timeline(disputeId: number): DisputeEvent[] {
      return eventsOf.all(disputeId).map((e) => ({
        at: e.at, kind: e.kind, actor: e.actor_id === null ? null : { id: e.actor_id, name: e.actor_name ?? '' },
        actorCentreName: e.actor_centre_name, centreName: e.centre_name, note: e.note,
      }));
    },
    addReveal(at: number, userId: number, disputeId: number, partyId: number, field: 'phone' | 'idNumber'): void {
      insertReveal.run(at, userId, disputeId, partyId, field);
    },
    reveals(disputeId: number) {
      return reveals.all(disputeId);
    },
    /** Filtered and searched, newest first. */
    list(scope: DisputeScope, f: DisputeQuery): DisputeRow[] {
      const { where, args, match } = filters(scope, f);
      if (match === null) return db.prepare<(number | string)[], DisputeRow>(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY d.id DESC LIMIT ?`).all(...args, f.limit);
      // Driven by the index, newest first (FTS5 walks its rowids backwards), so a word in every case stops at the limit
      // instead of collecting every match first (200,000 cases: 1.5 ms, not 60 ms).
      const sql = SELECT.replace('FROM disputes d', 'FROM disputes_fts f JOIN disputes d ON d.id = f.rowid');
      return db.prepare<(number | string)[], DisputeRow>(`${sql} WHERE disputes_fts MATCH ? AND ${where.join(' AND ')} ORDER BY f.rowid DESC LIMIT ?`).all(match, ...args, f.limit);
    },
    visible(scope: DisputeScope, id: number): boolean {
      const s = disputeScopeSql(scope);
      return db.prepare(`SELECT 1 FROM disputes d WHERE d.id = ? AND ${s.sql}`).get(id, ...s.args) !== undefined;
    },
  };
}
export type DisputeStore = ReturnType<typeof createDisputeStore>;
