// Requests about alarms, over the live socket: acknowledge (for the whole unit) and this console's mute.
import type { AlarmAck, AlarmKind, ApiError, Reply } from '../../protocol/index.ts';
import { setSoundMuted } from '../alerts/sound.ts';
import { request } from '../net/socket.ts';
import { liveSocket } from '../session/live.ts';
import { useStore } from '../store.ts';
import { MUTE_KEY } from './live.ts';

const NOT_CONNECTED: ApiError = { code: 'INTERNAL', message: '未连接服务器，请稍后重试', messageEn: 'Not connected to the server; try again' };

/** Acknowledge an alarm for the whole unit: its takeover ends here at once, on the unit's other consoles by the stream. */
export async function ackAlarm(kind: AlarmKind, itemId: number): Promise<Reply<{ ack: AlarmAck }>> {
  const socket = liveSocket();
  if (!socket) return { ok: false, error: NOT_CONNECTED };
  const r = await request(socket, 'alarm:ack', { kind, itemId });
  if (r.ok) useStore.getState().addAlarmAcks([r.data.ack]);
  return r;
}

/** Switch this console's night-shift mute; the server logs it. The switch holds even if the log request fails. */
export async function setAlarmMute(muted: boolean): Promise<Reply<null>> {
  useStore.getState().setAlarmMuted(muted);
  setSoundMuted(muted);
  try {
    localStorage.setItem(MUTE_KEY, muted ? '1' : '0');
  } catch {
    /* storage unavailable: the mute lasts for this page */
  }
  const socket = liveSocket();
  if (!socket) return { ok: false, error: NOT_CONNECTED };
  return request(socket, 'alarm:mute', { muted });
}
