// The alert desk: raising, delivery receipts, signing (签收) and escalation.
// Each operation is one transaction that writes the change, its ledger entry and its outbox rows together;
// it returns the envelopes to publish, which the caller pushes only after the commit.
import type { Alert, ErrorCode, RaiseAlert, RecipientStatus, SyncReply, Envelope } from '../../protocol/index.ts';
import { acknowledge, escalate, markDelivered, newRecipient, resolveTargets, type AlertDeadlines } from '../domain/alerts.ts';
import { mayAcknowledge, mayRaiseAlert, type Actor } from '../domain/access.ts';
import type { Db } from '../store/db.ts';
import { createAlertStore, toRow } from '../store/alerts.ts';
import type { Ledger } from '../store/ledger.ts';
import type { Addressed, Outbox } from '../store/outbox.ts';
import type { Directory } from '../store/directory.ts';

export type Result<T> = { ok: true; value: T; out: Addressed[] } | { ok: false; code: ErrorCode };

const SNAPSHOT_SIZE = 200;

export function createAlertDesk(db: Db, outbox: Outbox, ledger: Ledger, directory: Directory, deadlines: () => AlertDeadlines) {
  const store = createAlertStore(db);
  const countyId = directory.countyId();
  let townships = directory.idsAt('township');
  // Departments stationed at the centre receive and sign alerts like townships when chosen ("all" means the townships).
  let departments = directory.idsAt('department');
  /** Highest receipt seen per centre, to skip the database for the receipts of every other console. */
  const receivedUpTo = new Map<number, number>();

  const raise = db.transaction((actor: Actor, input: Required<RaiseAlert>, now: number): Result<{ alert: Alert }> => {
    const denied = mayRaiseAlert(actor);
    if (denied) return { ok: false, code: denied };
    const targets = resolveTargets(input.targets, input.targets.kind === 'all' ? townships : [...townships, ...departments]);
    if (!targets.ok) return targets;
    const alertId = store.insert(input.level, input.title, input.body, now, actor.id);
    const out: Addressed[] = [];
    for (const centreId of targets.value) {
      // The recipient row records the seq its alert.new will get: the next one on that centre's stream, pushed below.
      const seq = outbox.head(centreId) + 1;
      store.insertRecipient(alertId, centreId, seq, newRecipient(input.level, now, deadlines()));
    }
    const alert = store.view(alertId) as Alert;
    // Each township sees only its own row: read once, filtered per recipient.
    for (const centreId of targets.value) {
      const own: Alert = { ...alert, recipients: alert.recipients.filter((r) => r.centreId === centreId) };
      out.push({ centreId, envelope: outbox.push(centreId, now, { kind: 'alert.new', alert: own }) });
    }
    out.push({ centreId: countyId, envelope: outbox.push(countyId, now, { kind: 'alert.new', alert }) });
    ledger.append(now, actor.id, 'alert.raise', `alert:${alertId}`, { level: input.level, title: input.title, targets: targets.value });
    return { ok: true, value: { alert }, out };
  });

  /** Delivery receipts of several centres in one transaction: receipts come in bursts, one fsync serves them all. */
  const receive = db.transaction((receipts: ReadonlyMap<number, number>, now: number): Addressed[] => {
    const out: Addressed[] = [];
    for (const [centreId, upTo] of receipts) for (const row of store.pendingUpTo(centreId, upTo)) {
      const next = markDelivered(toRow(row), now);
      if (!next) continue;
      const recipient = store.save(row.alert_id, centreId, next);
      out.push({ centreId: countyId, envelope: outbox.push(countyId, now, { kind: 'alert.status', recipient }) });
    }
    return out;
  });

  const ack = db.transaction((actor: Actor, alertId: number, now: number): Result<{ recipient: RecipientStatus }> => {
    const row = store.recipient(alertId, actor.centreId);
    if (!row) return { ok: false, code: store.exists(alertId) ? 'FORBIDDEN_SCOPE' : 'NOT_FOUND' };
    const denied = mayAcknowledge(actor, row.centre_id);
    if (denied) return { ok: false, code: denied };
    const next = acknowledge(toRow(row), actor.id, now);
    if (!next.ok) return next;
    const recipient = store.save(alertId, row.centre_id, next.value);
    ledger.append(now, actor.id, 'alert.acknowledge', `alert:${alertId}`, { centreId: row.centre_id });
    const event = { kind: 'alert.status', recipient } as const;
    const out = [
      { centreId: row.centre_id, envelope: outbox.push(row.centre_id, now, event) },
      { centreId: countyId, envelope: outbox.push(countyId, now, event) },
    ];
    return { ok: true, value: { recipient }, out };
  });

  const escalateDue = db.transaction((now: number, limit: number): Addressed[] => {
    const out: Addressed[] = [];
    for (const row of store.due(now, limit)) {
      const next = escalate(toRow(row), row.level, now, deadlines());
      if (!next) continue;
      const recipient = store.save(row.alert_id, row.centre_id, next);
      ledger.append(now, null, 'alert.escalate', `alert:${row.alert_id}`, { centreId: row.centre_id, escalations: next.escalations });
      out.push({ centreId: row.centre_id, envelope: outbox.push(row.centre_id, now, { kind: 'alert.reminder', alertId: row.alert_id, recipient }) });
      out.push({ centreId: countyId, envelope: outbox.push(countyId, now, { kind: 'alert.status', recipient }) });
    }
    return out;
  });

  return {
    countyId,
    /** Call after centres change (admin edits) so "all townships" stays right. */
    reloadCentres(): void {
      townships = directory.idsAt('township');
      departments = directory.idsAt('department');
    },
    raise(actor: Actor, input: Required<RaiseAlert>, now: number) {
      return raise(actor, input, now);
    },
    /** Receipts as centre → highest seq applied; those that add nothing (another console of the centre said it already) cost nothing. */
    receive(receipts: ReadonlyMap<number, number>, now: number): Addressed[] {
      const fresh = new Map<number, number>();
      for (const [centreId, upTo] of receipts) if (upTo > (receivedUpTo.get(centreId) ?? 0)) fresh.set(centreId, upTo);
      if (!fresh.size) return [];
      const out = receive(fresh, now);
      for (const [centreId, upTo] of fresh) receivedUpTo.set(centreId, Math.min(upTo, outbox.head(centreId)));
      return out;
    },
    acknowledge(actor: Actor, alertId: number, now: number) {
      return ack(actor, alertId, now);
    },
    escalateDue(now: number, limit = 500): Addressed[] {
      return escalateDue(now, limit);
    },
    /** What a console needs on (re)connect: the envelopes it missed, or a snapshot if it has nothing. */
    sync(centreId: number, lastSeq: number | null, epoch: string | null): { reply: SyncReply; replay: Envelope[] } {
      const headSeq = outbox.head(centreId);
      // A client without an epoch predates epochs: trust its lastSeq if it is plausible.
      const foreign = epoch !== null && epoch !== outbox.epoch;
      if (lastSeq === null || lastSeq > headSeq || foreign) {
        const snapshot = store.recent(SNAPSHOT_SIZE, centreId === countyId ? undefined : centreId);
        return { reply: { snapshot, headSeq, replayed: 0, epoch: outbox.epoch }, replay: [] };
      }
      const replay = outbox.after(centreId, lastSeq);
      return { reply: { snapshot: null, headSeq, replayed: replay.length, epoch: outbox.epoch }, replay };
    },
  };
}
export type AlertDesk = ReturnType<typeof createAlertDesk>;
