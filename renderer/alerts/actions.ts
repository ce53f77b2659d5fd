// Requests the user makes about alerts, over the live socket. Replies are merged into the cache at once;
// the stream brings the same change too (idempotent merge).
import type { Alert, ApiError, RaiseAlert, RecipientStatus, Reply } from '../../protocol/index.ts';
import { request } from '../net/socket.ts';
import { liveSocket } from '../session/live.ts';
import { useStore } from '../store.ts';

const NOT_CONNECTED: ApiError = {
  code: 'INTERNAL',
  message: '未连接服务器，请稍后重试',
  messageEn: 'Not connected to the server; try again',
};

export async function raiseAlert(req: RaiseAlert): Promise<Reply<{ alert: Alert }>> {
  const socket = liveSocket();
  if (!socket) return { ok: false, error: NOT_CONNECTED };
  const r = await request(socket, 'alert:raise', req);
  if (r.ok) useStore.getState().upsertAlertLocal(r.data.alert);
  return r;
}

/** 签收 (or 反馈 with `text`): the reply is merged at once. */
async function deliveryStep(alertId: number, text?: string): Promise<Reply<{ recipient: RecipientStatus }>> {
  const socket = liveSocket();
  if (!socket) return { ok: false, error: NOT_CONNECTED };
  const r = text === undefined ? await request(socket, 'alert:sign', { alertId }) : await request(socket, 'alert:answer', { alertId, text });
  const s = useStore.getState();
  if (r.ok) {
    s.mergeRecipientLocal(r.data.recipient);
    s.markSeen(alertId);
  }
  return r;
}

export const signAlert = (alertId: number) => deliveryStep(alertId);
export const answerAlert = (alertId: number, text: string) => deliveryStep(alertId, text);
