// The alert cache of a console, as pure functions over plain values: built from the stream core's snapshot and the
// alert events it hands on (renderer/stream/), with the merge rules that keep statuses moving forward only.
import type { Alert, RecipientStatus, StreamEvent } from '../../protocol/index.ts';
import { isSignedState, mergeDelivery } from '../delivery/merge.ts';

export type AlertEvent = Extract<StreamEvent, { kind: 'alert.new' | 'alert.reminder' | 'alert.status' }>;

/** Something the user should notice: a sound and a visual cue. Snapshot items never produce one. */
export type Cue =
  | { kind: 'new'; alertId: number }
  | { kind: 'reminder'; alertId: number; centreId: number; rung: number };

export type AlertMap = Readonly<Record<number, Alert>>;

/** Merge a newer recipient status into the one we hold (renderer/delivery/merge.ts). */
export const mergeRecipient = (existing: RecipientStatus | undefined, incoming: RecipientStatus): RecipientStatus => mergeDelivery(existing, incoming);

/** Return `alert` with `recipient` merged in (matched by centreId); appended when the alert did not list it. */
export function upsertRecipient(alert: Alert, recipient: RecipientStatus): Alert {
  const idx = alert.recipients.findIndex((r) => r.centreId === recipient.centreId);
  if (idx < 0) return { ...alert, recipients: [...alert.recipients, recipient] };
  const merged = mergeRecipient(alert.recipients[idx], recipient);
  const recipients = alert.recipients.slice();
  recipients[idx] = merged;
  return { ...alert, recipients };
}

/** Replace an alert with a newer copy, keeping any recipient status we already hold that is further along. */
export function mergeAlert(existing: Alert | undefined, incoming: Alert): Alert {
  if (!existing) return incoming;
  const recipients = incoming.recipients.map((r) =>
    mergeRecipient(existing.recipients.find((x) => x.centreId === r.centreId), r),
  );
  // a recipient the new copy omits is kept
  for (const r of existing.recipients) {
    if (!recipients.some((x) => x.centreId === r.centreId)) recipients.push(r);
  }
  return { ...incoming, recipients };
}

/**
 * Applies one alert event to the cache. `centreId` is this console's unit; the cue says what to tell the user, judged
 * on the state after the event, so an event that is only news (already in the snapshot) cues the same way.
 */
export function applyAlertEvent(alerts: AlertMap, ev: AlertEvent, centreId: number, newsOnly = false): { alerts: AlertMap; cue: Cue | null } {
  switch (ev.kind) {
    case 'alert.new': {
      const existing = alerts[ev.alert.id];
      const next = newsOnly ? alerts : { ...alerts, [ev.alert.id]: mergeAlert(existing, ev.alert) };
      const held = next[ev.alert.id];
      // A console never cues an alert it already showed; news of one still waiting for this unit is cued.
      const cue = newsOnly ? (held && isUnsigned(held, centreId) ? ev.alert.id : null) : existing ? null : ev.alert.id;
      return { alerts: next, cue: cue === null ? null : { kind: 'new', alertId: cue } };
    }
    case 'alert.reminder': {
      const existing = alerts[ev.alertId];
      if (!existing) return { alerts, cue: null };
      const next = newsOnly ? alerts : { ...alerts, [ev.alertId]: upsertRecipient(existing, ev.recipient) };
      const mine = recipientOf(next[ev.alertId] as Alert, ev.recipient.centreId);
      const cue: Cue | null = mine && !isSignedState(mine.state)
        ? { kind: 'reminder', alertId: ev.alertId, centreId: ev.recipient.centreId, rung: ev.recipient.rung }
        : null;
      return { alerts: next, cue };
    }
    case 'alert.status': {
      const existing = alerts[ev.recipient.alertId];
      if (!existing || newsOnly) return { alerts, cue: null };
      return { alerts: { ...alerts, [existing.id]: upsertRecipient(existing, ev.recipient) }, cue: null };
    }
  }
}

/** The snapshot is the truth for what it holds; a signature we already merged is never undone by it. */
export function applyAlertSnapshot(alerts: AlertMap, snapshot: readonly Alert[]): AlertMap {
  const next: Record<number, Alert> = {};
  for (const a of snapshot) next[a.id] = mergeAlert(alerts[a.id], a);
  return next;
}

// ---- views over the cache ----

/** Newest first. */
export function sortAlerts(alerts: Readonly<Record<number, Alert>>): Alert[] {
  return Object.values(alerts).sort((a, b) => b.raisedAt - a.raisedAt || b.id - a.id);
}

export function recipientOf(alert: Alert, centreId: number): RecipientStatus | undefined {
  return alert.recipients.find((r) => r.centreId === centreId);
}

/** For a township console: alerts addressed to its centre that nobody there has signed yet. */
export function isUnsigned(alert: Alert, centreId: number): boolean {
  const r = recipientOf(alert, centreId);
  return r !== undefined && !isSignedState(r.state);
}

export function countUnsigned(alerts: Readonly<Record<number, Alert>>, centreId: number): number {
  let n = 0;
  for (const a of Object.values(alerts)) if (isUnsigned(a, centreId)) n++;
  return n;
}

export interface AlertSummary {
  total: number;
  pending: number;
  delivered: number;
  /** Signed, answered ones included. */
  signed: number;
  answered: number;
  overdue: number;
}

export function summarize(alert: Alert): AlertSummary {
  const s: AlertSummary = { total: alert.recipients.length, pending: 0, delivered: 0, signed: 0, answered: 0, overdue: 0 };
  for (const r of alert.recipients) {
    s[r.state]++;
    if (r.state === 'answered') s.signed++;
    if (r.overdue && !isSignedState(r.state)) s.overdue++;
  }
  return s;
}
