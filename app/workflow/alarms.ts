// Alarm acknowledgements and the night-shift mute. An acknowledgement is one transaction: the row, its ledger entry
// and the `alarm.acked` envelope on the unit's own stream (so every console of the unit drops the takeover, now or
// when it reconnects). The mute is per console; only its switching is recorded, for the duty log.
import type { AlarmAck, AlarmKind, ErrorCode } from '../../protocol/index.ts';
import type { Actor } from '../domain/access.ts';
import { mayAckAlarm } from '../domain/alarms.ts';
import type { Db } from '../store/db.ts';
import { createAlarmStore } from '../store/alarms.ts';
import type { Ledger } from '../store/ledger.ts';
import type { Addressed, Outbox } from '../store/outbox.ts';
import type { Result } from './alerts.ts';

/** How far back a console is told what its unit already acknowledged. */
const ACKED_WINDOW_MS = 7 * 24 * 3600_000;
const ACKED_LIMIT = 1000;

export function createAlarmDesk(db: Db, outbox: Outbox, ledger: Ledger) {
  const store = createAlarmStore(db);

  const ack = db.transaction((actor: Actor, kind: AlarmKind, itemId: number, now: number): Result<{ ack: AlarmAck }> => {
    const denied = mayAckAlarm(actor);
    if (denied) return { ok: false, code: denied };
    const concerns = store.concerns(kind, itemId, actor.centreId, actor.centreLevel === 'county');
    if (concerns !== 'yes') return { ok: false, code: concerns === 'missing' ? 'NOT_FOUND' : 'FORBIDDEN_SCOPE' };
    // A second console acknowledging the same alarm changes nothing: the first one's record stands.
    if (!store.insert(actor.centreId, kind, itemId, now, actor.id)) return { ok: true, value: { ack: store.get(actor.centreId, kind, itemId) as AlarmAck }, out: [] };
    const value = store.get(actor.centreId, kind, itemId) as AlarmAck;
    ledger.append(now, actor.id, 'alarm.ack', `${kind}:${itemId}`, { centreId: actor.centreId });
    const out: Addressed[] = [{ centreId: actor.centreId, envelope: outbox.push(actor.centreId, now, { kind: 'alarm.acked', ack: value }) }];
    return { ok: true, value: { ack: value }, out };
  });

  const mute = db.transaction((actor: Actor, muted: boolean, now: number): ErrorCode | null => {
    const denied = mayAckAlarm(actor);
    if (denied) return denied;
    ledger.append(now, actor.id, muted ? 'alarm.mute' : 'alarm.unmute', `centre:${actor.centreId}`, { muted });
    return null;
  });

  return {
    ack(actor: Actor, kind: AlarmKind, itemId: number, now: number) {
      return ack(actor, kind, itemId, now);
    },
    mute(actor: Actor, muted: boolean, now: number): ErrorCode | null {
      return mute(actor, muted, now);
    },
    /** What this unit acknowledged lately, for a console that starts (the stream brings the later ones). */
    acked(centreId: number, now: number): AlarmAck[] {
      return store.recent(centreId, now - ACKED_WINDOW_MS, ACKED_LIMIT);
    },
  };
}
export type AlarmDesk = ReturnType<typeof createAlarmDesk>;
