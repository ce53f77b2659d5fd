// The dispute window (一站式受理): registration from every channel, 重复访 matching, 风险研判, masked views, reveals with
// their ledger entry, search. Each change is one transaction with its timeline, ledger and outbox rows; the caller
// publishes the returned envelopes after the commit. Mediation and routing (issue 12 points 4–6) add their steps here.
import type {
  Dispute, DisputeDetail, DisputeQuery, EarlierCase, ErrorCode, Party, PartyMatch, PartyMatches, RegisterDisputeData, Role, SessionUser,
} from '../../protocol/index.ts';
import { makeCaseCode } from '../domain/caseCode.ts';
import { assessRisk, DISPUTE_REGISTRARS, idNumberError, maskIdNumber, maskPhone, queueDay, sameParties, type RiskRules } from '../domain/disputes.ts';
import type { Db } from '../store/db.ts';
import type { Directory } from '../store/directory.ts';
import { createDisputeStore, type DisputeRow, type DisputeScope, type PartyRow } from '../store/disputes.ts';
import type { IncidentDesk } from './incidents.ts';
import type { Ledger } from '../store/ledger.ts';
import type { Addressed, Outbox } from '../store/outbox.ts';
import type { Result } from './result.ts';

type Refusal = { ok: false; code: ErrorCode; details?: Record<string, string> };
type Answer<T> = { ok: true; value: T } | Refusal;

/** Roles with a console that works disputes at all; grid members (phones) and administrators do not. */
export const DISPUTE_VIEWERS: readonly Role[] = ['dutyOfficer', 'commander', 'townshipOperator', 'villageOperator', 'departmentOperator'];
const COUNTY_HANDLERS: readonly Role[] = ['dutyOfficer', 'commander'];
const UNIT_HANDLERS: readonly Role[] = ['townshipOperator', 'departmentOperator'];
/** At most this many earlier cases are listed on the new case (the count in the risk reasons is the full one). */
const REPEAT_LIST = 20;

export interface DisputeDeskDeps {
  db: Db;
  outbox: Outbox;
  ledger: Ledger;
  directory: Directory;
  incidents: IncidentDesk;
  risk: () => RiskRules;
  random: (n: number) => Uint8Array;
}

export function createDisputeDesk({ db, outbox, ledger, directory, incidents, risk, random }: DisputeDeskDeps) {
  const store = createDisputeStore(db);
  const countyId = directory.countyId();

  const scopeOf = (u: SessionUser): DisputeScope => (u.centreLevel === 'county' ? { level: 'county' } : { level: 'unit', centreId: u.centreId });
  const mayView = (u: SessionUser) => DISPUTE_VIEWERS.includes(u.role);

  /** The full phone or ID number only for those handling the case: the county's staff, or the unit that holds it. */
  const mayReveal = (u: SessionUser, row: Pick<DisputeRow, 'holder_centre_id'>) =>
    (COUNTY_HANDLERS.includes(u.role) && u.centreLevel === 'county') || (UNIT_HANDLERS.includes(u.role) && u.centreId === row.holder_centre_id);

  const maskParty = (p: PartyRow): Party => ({
    id: p.id, personId: p.person_id, role: p.role, name: p.name, phone: maskPhone(p.phone), idType: p.id_type, idNumber: maskIdNumber(p.id_number),
  });

  function toDispute(r: DisputeRow, parties: PartyRow[]): Dispute {
    return {
      id: r.id, code: r.code, channel: r.channel, hotlineRef: r.hotline_ref, sourceUnit: r.source_unit, incidentId: r.incident_id,
      incidentCode: r.incident_code, type: r.type, amount: r.amount_fen === null ? null : r.amount_fen / 100, summary: r.summary,
      peopleCount: r.people_count, extremeThreat: r.extreme_threat === 1, riskGrade: r.risk_grade, riskReasons: JSON.parse(r.risk_reasons),
      repeatOf: JSON.parse(r.repeat_of), state: r.state, holderCentreId: r.holder_centre_id, holderCentreName: r.holder_name,
      pendingSign: r.pending_sign === 1, townshipId: r.township_id, townshipName: r.township_name,
      registeredBy: { id: r.registered_by, name: r.registered_by_name }, registeredAt: r.registered_at, queueTicket: r.queue_ticket,
      resolveBy: r.resolve_by, urgedAt: r.urged_at, supervisedAt: r.supervised_at, result: r.result, satisfaction: r.satisfaction,
      closedAt: r.closed_at, parties: parties.map(maskParty), updatedAt: r.updated_at, version: r.version,
    };
  }

  const view = (id: number): Dispute => toDispute(store.row(id) as DisputeRow, store.parties(id));

  /** Every unit that sees the case: the county, the holder, the township where it arose, the unit that registered it. */
  function audience(r: DisputeRow): number[] {
    const ids = new Set([countyId, r.holder_centre_id, r.registered_centre_id]);
    if (r.township_id !== null) ids.add(r.township_id);
    return [...ids];
  }

  function announce(id: number, now: number, notice: 'highRisk' | null): Addressed[] {
    const row = store.row(id) as DisputeRow;
    return outbox.pushAll(audience(row), now, { kind: 'dispute.updated', dispute: view(id), notice });
  }

  /** Party problems the schema cannot see: an ID number that does not fit its type, a person id that does not exist. */
  function checkParties(parties: RegisterDisputeData['parties']): Refusal | null {
    if (!parties.some((p) => p.role === 'applicant')) return { ok: false, code: 'DISPUTE_NO_APPLICANT', details: { parties: 'applicant' } };
    for (const [i, p] of parties.entries()) {
      const bad = idNumberError(p.idType, p.idNumber);
      if (bad === 'type') return { ok: false, code: 'DISPUTE_ID_TYPE_REQUIRED', details: { [`parties.${i}.idType`]: p.name } };
      if (bad === 'number') return { ok: false, code: 'DISPUTE_ID_NUMBER_INVALID', details: { [`parties.${i}.idNumber`]: p.name } };
      if (p.personId !== null && !store.person(p.personId)) return { ok: false, code: 'DISPUTE_PERSON_UNKNOWN', details: { [`parties.${i}.personId`]: p.name } };
    }
    return null;
  }

  /**
   * The person a party is, without writing: the same ID number first (the strongest link), then the person the clerk
   * picked from the matches, then the one person on record with this phone and name.
   */
  function findPerson(p: RegisterDisputeData['parties'][number]): { id: number; reason: PartyMatch['reason'] } | null {
    if (p.idType && p.idNumber) {
      const byId = store.personByIdNumber(p.idType, p.idNumber);
      if (byId) return { id: byId.id, reason: 'idNumber' };
    }
    if (p.personId !== null) return { id: p.personId, reason: 'sameParties' };
    if (p.phone) {
      const same = store.peopleByPhone(p.phone).filter((x) => x.name === p.name);
      if (same.length === 1) return { id: (same[0] as { id: number }).id, reason: 'phone' };
    }
    return null;
  }

  /** Earlier cases of these people, newest first, each marked when it has the same set of parties. */
  function earlierCases(u: SessionUser, linked: { personId: number; role: string }[]): EarlierCase[] {
    const rows = store.casesOfPeople(linked.map((l) => l.personId));
    const ids = [...new Set(rows.map((r) => r.dispute_id))].sort((a, b) => b - a);
    const parties = store.partiesFor(ids);
    const scope = scopeOf(u);
    return ids.map((id) => {
      const r = store.row(id) as DisputeRow;
      const visible = store.visible(scope, id);
      const their = (parties.get(id) ?? []).map((p) => ({ personId: p.person_id, role: p.role }));
      return {
        id, code: r.code, registeredAt: r.registered_at, type: r.type, state: r.state, summary: visible ? r.summary : '',
        sameParties: sameParties(linked, their), visible,
      };
    });
  }

  const register = db.transaction((u: SessionUser, input: RegisterDisputeData, now: number): Result<{ dispute: Dispute; duplicate: boolean }> => {
    if (!DISPUTE_REGISTRARS.includes(u.role)) return { ok: false, code: 'FORBIDDEN_ROLE' };
    const existing = store.idByIdempotencyKey(u.id, input.idempotencyKey);
    if (existing !== undefined) return { ok: true, value: { dispute: view(existing), duplicate: true }, out: [] };
    const bad = checkParties(input.parties);
    if (bad) return bad;
    if ((input.channel === 'assigned' || input.channel === 'transferred') && !input.sourceUnit) {
      return { ok: false, code: 'DISPUTE_SOURCE_REQUIRED', details: { sourceUnit: input.channel } };
    }
    let townshipId = input.townshipId;
    if (townshipId !== null && directory.centres().find((c) => c.id === townshipId)?.level !== 'township') {
      return { ok: false, code: 'DISPUTE_TOWNSHIP_UNKNOWN', details: { townshipId: String(townshipId) } };
    }
    // 网格上报: a grid report of the dispute category becomes this case, once.
    let incidentId: number | null = null;
    if (input.channel === 'grid_report') {
      if (input.incidentId === null) return { ok: false, code: 'DISPUTE_INCIDENT_REQUIRED', details: { incidentId: 'required' } };
      const inc = incidents.get(u, input.incidentId);
      if (!inc.ok) return { ok: false, code: inc.code, details: { incidentId: String(input.incidentId) } };
      if (inc.value.category !== 'dispute') return { ok: false, code: 'DISPUTE_INCIDENT_NOT_DISPUTE', details: { incidentId: inc.value.code } };
      if (store.idByIncident(input.incidentId) !== undefined) return { ok: false, code: 'DISPUTE_INCIDENT_CONVERTED', details: { incidentId: inc.value.code } };
      incidentId = input.incidentId;
      townshipId ??= inc.value.townshipId;
    }
    // A township registers at its own window; the county's window takes everything else.
    if (u.centreLevel === 'township') townshipId ??= u.centreId;

    // People: link or create, then count the earlier cases of everyone in this one (重复访).
    const linked = input.parties.map((p) => {
      const found = findPerson(p);
      if (found) {
        store.updatePerson(found.id, p, now);
        return found.id;
      }
      return store.addPerson(p, now);
    });
    const earlier = earlierCases(u, input.parties.map((p, i) => ({ personId: linked[i] as number, role: p.role })));
    const graded = assessRisk({ peopleCount: input.peopleCount, extremeThreat: input.extremeThreat, repeatCount: earlier.length, amount: input.amount }, risk());

    let code = makeCaseCode(now, random(5));
    while (store.idByCode(code) !== undefined) code = makeCaseCode(now, random(5));
    const day = input.channel === 'walk_in' ? queueDay(now) : null;
    const holder = u.centreLevel === 'county' ? countyId : u.centreId;
    const id = store.insert({
      code, channel: input.channel, hotlineRef: input.hotlineRef, sourceUnit: input.sourceUnit, incidentId, type: input.type,
      amountFen: input.amount === null ? null : Math.round(input.amount * 100), summary: input.summary, peopleCount: input.peopleCount,
      extremeThreat: input.extremeThreat, riskGrade: graded.grade, riskReasons: graded.reasons, repeatOf: earlier.slice(0, REPEAT_LIST).map((e) => e.code),
      state: 'registered', holderCentreId: holder, townshipId, registeredBy: u.id, registeredCentreId: u.centreId, idempotencyKey: input.idempotencyKey,
      queueDay: day, queueTicket: day === null ? null : store.nextTicket(u.centreId, day), registeredAt: now,
    });
    input.parties.forEach((p, i) => store.addParty(id, i, { personId: linked[i] as number, role: p.role, name: p.name, phone: p.phone, idType: p.idNumber ? p.idType : null, idNumber: p.idNumber }));
    store.index(id);
    const actor = { id: u.id, centreId: u.centreId };
    store.addEvent(id, now, 'register', actor, holder, input.channel);
    store.addEvent(id, now, 'risk', actor, holder, graded.grade);
    if (incidentId !== null) incidents.store.addEvent(incidentId, now, 'toDispute', actor, holder, code);
    ledger.append(now, u.id, 'dispute.register', `dispute:${id}`, { code, channel: input.channel, risk: graded.grade, repeats: earlier.length, incidentId });
    return { ok: true, value: { dispute: view(id), duplicate: false }, out: announce(id, now, graded.grade === 'high' ? 'highRisk' : null) };
  });

  const reveal = db.transaction((u: SessionUser, disputeId: number, partyId: number, field: 'phone' | 'idNumber', now: number): Result<{ value: string | null }> => {
    const seen = canSee(u, disputeId);
    if (!seen.ok) return seen;
    const row = seen.value;
    const party = store.party(partyId);
    if (!party || party.dispute_id !== disputeId) return { ok: false, code: 'DISPUTE_PARTY_UNKNOWN', details: { partyId: String(partyId) } };
    if (!mayReveal(u, row)) return { ok: false, code: 'DISPUTE_REVEAL_FORBIDDEN' };
    store.addReveal(now, u.id, disputeId, partyId, field);
    // Who saw whose data, which field, when: the hash-chained ledger is the record; dispute_reveals its index.
    ledger.append(now, u.id, 'dispute.reveal', `person:${party.person_id}`, { disputeId, code: row.code, partyId, field });
    return { ok: true, value: { value: field === 'phone' ? party.phone : party.id_number }, out: [] };
  });

  function canSee(u: SessionUser, id: number): Answer<DisputeRow> {
    if (!mayView(u)) return { ok: false, code: 'FORBIDDEN_ROLE' };
    const row = store.row(id);
    if (!row) return { ok: false, code: 'NOT_FOUND' };
    if (!store.visible(scopeOf(u), id)) return { ok: false, code: 'FORBIDDEN_SCOPE' };
    return { ok: true, value: row };
  }

  return {
    register(u: SessionUser, input: RegisterDisputeData, now: number) {
      return register(u, input, now);
    },
    /** 重复访 before saving: who these people are on record, and their earlier cases. Reads only. */
    match(u: SessionUser, parties: RegisterDisputeData['parties']): Answer<PartyMatches> {
      if (!DISPUTE_REGISTRARS.includes(u.role)) return { ok: false, code: 'FORBIDDEN_ROLE' };
      const people: PartyMatch[] = [];
      const linked: { personId: number; role: string }[] = [];
      for (const [i, p] of parties.entries()) {
        const seen = new Set<number>();
        const add = (person: { id: number; name: string; phone: string | null; id_number: string | null }, reason: PartyMatch['reason']) => {
          if (seen.has(person.id)) return;
          seen.add(person.id);
          people.push({ party: i, personId: person.id, name: person.name, phone: maskPhone(person.phone), idNumber: maskIdNumber(person.id_number), reason });
        };
        const byId = p.idType && p.idNumber ? store.personByIdNumber(p.idType, p.idNumber) : undefined;
        if (byId) add(byId, 'idNumber');
        if (p.phone) for (const x of store.peopleByPhone(p.phone)) add(x, 'phone');
        const chosen = p.personId !== null ? store.person(p.personId) : undefined;
        if (chosen) add(chosen, 'sameParties');
        const best = byId?.id ?? chosen?.id ?? [...seen][0];
        if (best !== undefined) linked.push({ personId: best, role: p.role });
      }
      return { ok: true, value: { people, cases: earlierCases(u, linked) } };
    },
    reveal(u: SessionUser, disputeId: number, partyId: number, field: 'phone' | 'idNumber', now: number) {
      return reveal(u, disputeId, partyId, field, now);
    },
    list(u: SessionUser, q: DisputeQuery): Answer<Dispute[]> {
      if (!mayView(u)) return { ok: false, code: 'FORBIDDEN_ROLE' };
      const rows = store.list(scopeOf(u), q);
      const parties = store.partiesFor(rows.map((r) => r.id));
      return { ok: true, value: rows.map((r) => toDispute(r, parties.get(r.id) ?? [])) };
    },
    get(u: SessionUser, id: number): Answer<DisputeDetail> {
      const seen = canSee(u, id);
      if (!seen.ok) return seen;
      return { ok: true, value: { ...view(id), timeline: store.timeline(id), mayReveal: mayReveal(u, seen.value) } };
    },
    /** Who saw full personal data of this case (county staff and the holder's operators). */
    reveals(u: SessionUser, id: number) {
      const seen = canSee(u, id);
      if (!seen.ok) return seen;
      if (!mayReveal(u, seen.value)) return { ok: false as const, code: 'DISPUTE_REVEAL_FORBIDDEN' as const };
      return { ok: true as const, value: store.reveals(id) };
    },
    /** What a console of this user's unit starts from. */
    snapshot(u: SessionUser, limit = 500): Dispute[] {
      const r = mayView(u) ? this.list(u, { limit }) : null;
      return r?.ok ? r.value : [];
    },
    canSee,
    mayReveal,
    toDispute,
    store,
  };
}
export type DisputeDesk = ReturnType<typeof createDisputeDesk>;
