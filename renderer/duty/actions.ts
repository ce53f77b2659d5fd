// Requests of the duty desk over the live socket. A reply is applied at once; the stream brings the same change to
// every console of the unit (the slice keeps the newer copy, so the order does not matter).
import type { ApiError, HandoverNote, RosterDay, SaveRoster } from '../../protocol/index.ts';
import { request } from '../net/socket.ts';
import { liveSocket } from '../session/live.ts';
import { useStore } from '../store.ts';

const NOT_CONNECTED: ApiError = { code: 'INTERNAL', message: '未连接服务器，请稍后重试', messageEn: 'Not connected to the server; try again' };
type Ev = Parameters<typeof request>[1];

async function call<E extends Ev>(event: E, payload: Parameters<typeof request<E>>[2]): Promise<Awaited<ReturnType<typeof request<E>>>> {
  const socket = liveSocket();
  if (!socket) return { ok: false, error: NOT_CONNECTED } as Awaited<ReturnType<typeof request<E>>>;
  return (await request(socket, event, payload)) as Awaited<ReturnType<typeof request<E>>>;
}

type Outcome<T = null> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Saves a unit's roster of a day; this console's own unit is updated at once (another unit's reaches its consoles). */
export async function saveRoster(input: SaveRoster): Promise<Outcome<RosterDay>> {
  const r = await call('duty:roster:save', input);
  if (!r.ok) return r;
  const st = useStore.getState();
  if (r.data.roster.centreId === st.session?.user.centreId) st.applyRoster(r.data.roster, input.dutyPhone ?? st.duty?.dutyPhone ?? null);
  return { ok: true, value: r.data.roster };
}

/** Another unit's roster of a day (the county reads any unit's). */
export async function fetchRoster(centreId: number, day: string): Promise<Outcome<{ roster: RosterDay; dutyPhone: string | null }>> {
  const r = await call('duty:roster', { centreId, day });
  return r.ok ? { ok: true, value: r.data } : r;
}

export async function previewHandover(): Promise<Outcome<HandoverNote>> {
  const r = await call('duty:handover:preview', {});
  return r.ok ? { ok: true, value: r.data.note } : r;
}

export async function handOver(remarks: string): Promise<Outcome> {
  const r = await call('duty:handover', { remarks });
  if (!r.ok) return r;
  useStore.getState().applyHandover(r.data.handover);
  return { ok: true, value: null };
}

export async function acceptHandover(handoverId: number, remarks: string): Promise<Outcome> {
  const r = await call('duty:handover:accept', { handoverId, remarks });
  if (!r.ok) return r;
  useStore.getState().applyHandover(r.data.handover);
  return { ok: true, value: null };
}

export async function addDutyLog(kind: 'call' | 'visit' | 'action' | 'other', text: string, at?: number): Promise<Outcome> {
  const r = await call('duty:log', at === undefined ? { kind, text } : { kind, text, at });
  if (!r.ok) return r;
  useStore.getState().applyDutyLog(r.data.entry);
  return { ok: true, value: null };
}

/** The printable daily record (PDF) of this unit, downloaded with the session's token. */
export async function downloadDutyRecord(token: string, day: string): Promise<void> {
  const res = await fetch(`/api/duty/record.pdf?date=${day}`, { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `值班记录-${day}.pdf`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
