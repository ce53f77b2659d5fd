// Requests of wartime command over the live socket. Replies are merged into the cache at once; the stream brings the
// same change too (forward-only merge, so the order does not matter).
import type {
  AddRisk, ApiError, AssignCommand, CloseRisk, IssueOrder, Reply, SubmitDailyReport, SwitchToPeacetime, SwitchToWartime, UpdateRisk,
  WriteAnalysis, PersonRef,
} from '../../protocol/index.ts';
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

const local = () => useStore.getState().wartimeLocal;

export async function startWartime(req: SwitchToWartime) {
  const r = await call('wartime:start', req);
  if (r.ok) local()({ state: r.data.state });
  return r;
}

export async function endWartime(req: SwitchToPeacetime) {
  const r = await call('wartime:end', req);
  if (r.ok) local()({ state: r.data.state });
  return r;
}

export async function assignCommand(req: AssignCommand) {
  const r = await call('wartime:command', req);
  if (r.ok) local()({ state: r.data.state });
  return r;
}

export async function loadStaff(): Promise<Reply<{ users: (PersonRef & { role: string })[] }>> {
  return call('wartime:staff', {});
}

export async function issueOrder(req: IssueOrder) {
  const r = await call('order:issue', req);
  if (r.ok) local()({ order: r.data.order });
  return r;
}

export async function signOrder(orderId: number) {
  const r = await call('order:sign', { orderId });
  if (r.ok) {
    local()({ recipient: r.data.recipient });
    useStore.getState().markOrderSeen(orderId);
  }
  return r;
}

export async function answerOrder(orderId: number, text: string) {
  const r = await call('order:answer', { orderId, text });
  if (r.ok) local()({ recipient: r.data.recipient });
  return r;
}

export async function submitDaily(req: SubmitDailyReport) {
  const r = await call('daily:submit', req);
  if (r.ok) local()({ report: r.data.report });
  return r;
}

export async function writeAnalysis(req: WriteAnalysis) {
  const r = await call('daily:analysis', req);
  if (r.ok) local()({ analysis: r.data.analysis });
  return r;
}

export async function addRisk(req: AddRisk) {
  const r = await call('risk:add', req);
  if (r.ok) local()({ risk: r.data.risk });
  return r;
}

export async function updateRisk(req: UpdateRisk) {
  const r = await call('risk:update', req);
  if (r.ok) local()({ risk: r.data.risk });
  return r;
}

export async function closeRisk(req: CloseRisk) {
  const r = await call('risk:close', req);
  if (r.ok) local()({ risk: r.data.risk });
  return r;
}
