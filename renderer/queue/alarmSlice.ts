// The alarm policy from the server, what this unit already acknowledged, and this console's mute.
import type { StateCreator } from 'zustand';
import type { AlarmAck, AlarmPolicy } from '../../protocol/index.ts';
import type { AppState } from '../store.ts';
import { alarmKey } from './alarms.ts';

export interface AlarmSlice {
  alarmPolicy: AlarmPolicy;
  /** alarmKey → the acknowledgement (from GET /api/alarms, `alarm.acked` stream events and our own replies). */
  alarmAcked: Readonly<Record<string, AlarmAck>>;
  alarmMuted: boolean;
  setAlarmPolicy(p: AlarmPolicy): void;
  addAlarmAcks(acks: readonly AlarmAck[]): void;
  setAlarmMuted(m: boolean): void;
  clearAlarms(): void;
}

export const createAlarmSlice: StateCreator<AppState, [], [], AlarmSlice> = (set, get) => ({
  alarmPolicy: [],
  alarmAcked: {},
  alarmMuted: false,
  setAlarmPolicy(alarmPolicy) {
    set({ alarmPolicy });
  },
  addAlarmAcks(acks) {
    const fresh = acks.filter((a) => !(alarmKey(a.kind, a.itemId) in get().alarmAcked));
    if (!fresh.length) return;
    const next = { ...get().alarmAcked };
    for (const a of fresh) next[alarmKey(a.kind, a.itemId)] = a;
    set({ alarmAcked: next });
  },
  setAlarmMuted(alarmMuted) {
    set({ alarmMuted });
  },
  clearAlarms() {
    set({ alarmPolicy: [], alarmAcked: {} });
  },
});
