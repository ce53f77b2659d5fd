// The alert desk: raising, delivery receipts, signing (签收), 反馈 and the reminder ladder.
// Each operation is one transaction that writes the change, its ledger entry and its outbox rows together;
// it returns the envelopes to publish, which the caller pushes only after the commit.
import type { Alert, RaiseAlert, RecipientStatus } from '../../protocol/index.ts';
import { ladderOf, newAlertDelivery, resolveTargets, type AlertDeadlines } from '../domain/alerts.ts';
import { answer, markDelivered, remind, sign, type Delivery, type Outcome } from '../domain/delivery.ts';
import { maySign, mayRaiseAlert, type Actor } from '../domain/access.ts';
import type { CentreRef } from '../domain/wartime.ts';
import type { Db } from '../store/db.ts';
import { createAlertStore } from '../store/alerts.ts';
import { toDelivery } from '../store/deliveries.ts';
import type { Ledger } from '../store/ledger.ts';
import type { Addressed, Outbox } from '../store/outbox.ts';
import type { Directory } from '../store/directory.ts';

import type { Result } from './result.ts';
export type { Result } from './result.ts';

const SNAPSHOT_SIZE = 200;

export function createAlertDesk(db: Db, outbox: Outbox, ledger: Ledger, directory: Directory, deadlines: () => AlertDeadlines) {
  const store = createAlertStore(db);
  const countyId = directory.countyId();
  const loadCentres = () => new Map<number, CentreRef>(directory.centres().map((c) => [c.id, { id: c.id, level: c.level, parentId: c.parentId }]));
  let centres = loadCentres();

  const raise = db.transaction((actor: Actor, input: Required<RaiseAlert>, now: number): Result<{ alert: Alert }> => {
    const denied = mayRaiseAlert(actor);
    if (denied) return { ok: false, code: denied };
    const targets = resolveTargets(input.targets, centres);
    if (!targets.ok) return targets;
    const alertId = store.insert(input.level, input.title, input.body, input.wantsAnswer, now, actor.id);
    const out: Addressed[] = [];
    for (const centreId of targets.value) {
      // The delivery row records the seq its alert.new will get: the next one on that centre's stream, pushed below.
      const seq = outbox.head(centreId) + 1;
      store.insertRecipient(alertId, centreId, seq, newAlertDelivery(input.level, now, deadlines(), input.wantsAnswer));
    }
    const alert = store.view(alertId) as Alert;
    // Each recipient sees only its own row: read once, filtered per recipient.
    for (const centreId of targets.value) {
      const own: Alert = { ...alert, recipients: alert.recipients.filter((r) => r.centreId === centreId) };
      out.push({ centreId, envelope: outbox.push(centreId, now, { kind: 'alert.new', alert: own }) });
    }
    out.push({ centreId: countyId, envelope: outbox.push(countyId, now, { kind: 'alert.new', alert }) });
    ledger.append(now, actor.id, 'alert.raise', `alert:${alertId}`, {
      level: input.level, title: input.title, targets: targets.value, wantsAnswer: input.wantsAnswer,
    });
    return { ok: true, value: { alert }, out };
  });

  /** Delivery receipts of several centres in one transaction: receipts come in bursts, one fsync serves them all. */
  const receive = db.transaction((receipts: ReadonlyMap<number, number>, now: number): Addressed[] => {
    const out: Addressed[] = [];
    for (const [centreId, upTo] of receipts) for (const row of store.pendingUpTo(centreId, upTo)) {
      const next = markDelivered(toDelivery(row), now);
      if (!next) continue;
      const recipient = store.save(row.item_id, centreId, next);
      out.push({ centreId: countyId, envelope: outbox.push(countyId, now, { kind: 'alert.status', recipient }) });
    }
    return out;
  });

  /** 签收 or 反馈 by a person of the recipient centre: the change goes to that centre and to the county. */
  const act = (action: 'alert.sign' | 'alert.answer', step: (d: Delivery) => Outcome<Delivery>, detail: Record<string, unknown>) =>
    (actor: Actor, alertId: number, now: number): Result<{ recipient: RecipientStatus }> => {
      const row = store.recipient(alertId, actor.centreId);
      if (!row) return { ok: false, code: store.exists(alertId) ? 'FORBIDDEN_SCOPE' : 'NOT_FOUND' };
      const denied = maySign(actor, row.centre_id);
      if (denied) return { ok: false, code: denied };
      const next = step(toDelivery(row));
      if (!next.ok) return next;
      const recipient = store.save(alertId, row.centre_id, next.value);
      ledger.append(now, actor.id, action, `alert:${alertId}`, { centreId: row.centre_id, rung: row.rung, ...detail });
      const event = { kind: 'alert.status', recipient } as const;
      const out = [
        { centreId: row.centre_id, envelope: outbox.push(row.centre_id, now, event) },
        { centreId: countyId, envelope: outbox.push(countyId, now, event) },
      ];
      return { ok: true, value: { recipient }, out };
    };

  const signTx = db.transaction((actor: Actor, alertId: number, now: number) => act('alert.sign', (d) => sign(d, actor.id, now), {})(actor, alertId, now));
  const answerTx = db.transaction((actor: Actor, alertId: number, text: string, now: number) =>
    act('alert.answer', (d) => answer(d, actor.id, text, now), { text })(actor, alertId, now));

  /** Unsigned deliveries whose next rung is due get one reminder (however many rungs a long outage skipped). */
  const remindDue = db.transaction((now: number, limit: number): Addressed[] => {
    const out: Addressed[] = [];
    for (const row of store.due(now, limit)) {
      const step = remind(toDelivery(row), ladderOf(row.due_at, row.level, deadlines()), now);
      if (!step) continue;
      const recipient = store.save(row.item_id, row.centre_id, step.value);
      if (step.passed.length === 0) continue; // only re-timed (the deadlines were re-configured)
      ledger.append(now, null, 'alert.remind', `alert:${row.item_id}`, { centreId: row.centre_id, rung: step.value.rung, dueAt: row.due_at });
      out.push({ centreId: row.centre_id, envelope: outbox.push(row.centre_id, now, { kind: 'alert.reminder', alertId: row.item_id, recipient }) });
      out.push({ centreId: countyId, envelope: outbox.push(countyId, now, { kind: 'alert.status', recipient }) });
    }
    return out;
  });

  return {
    countyId,
    /** Call after centres change (admin edits) so "all townships" and village targets stay right. */
    reloadCentres(): void {
      centres = loadCentres();
    },
    raise(actor: Actor, input: Required<RaiseAlert>, now: number) {
      return raise(actor, input, now);
    },
    /** Fresh receipts (unit → highest seq applied there), inside the stream core's receipt transaction. */
    receive(receipts: ReadonlyMap<number, number>, now: number): Addressed[] {
      return receive(receipts, now);
    },
    sign(actor: Actor, alertId: number, now: number) {
      return signTx(actor, alertId, now);
    },
    answer(actor: Actor, alertId: number, text: string, now: number) {
      return answerTx(actor, alertId, text, now);
    },
    remindDue(now: number, limit = 500): Addressed[] {
      return remindDue(now, limit);
    },
    /** The stream core's snapshot provider: the newest alerts as the unit may see them (the county: every recipient). */
    snapshot(centreId: number): Alert[] {
      return store.recent(SNAPSHOT_SIZE, centreId === countyId ? undefined : centreId);
    },
  };
}
export type AlertDesk = ReturnType<typeof createAlertDesk>;
