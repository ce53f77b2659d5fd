// The gate every IPC request passes before main acts on it: a known channel, a sender frame from an origin the channel
// allows (parsed, not prefix-matched), exactly one payload that its protocol/ipc.ts schema accepts.
import { IPC_INVOKE, type IpcError, type IpcInvokeChannel, type IpcReply, type IpcSender } from '../protocol/ipc.ts';
import { senderOf, type TrustedOrigins } from './navigation.ts';

export type Checked<C extends IpcInvokeChannel> = { ok: true; channel: C; sender: IpcSender; payload: IpcPayload<C> } | { ok: false; error: IpcError };

/** The payload after parsing (defaults applied). */
export type IpcPayload<C extends IpcInvokeChannel> = ReturnType<(typeof IPC_INVOKE)[C]['request']['parse']>;

export function isInvokeChannel(channel: string): channel is IpcInvokeChannel {
  return Object.hasOwn(IPC_INVOKE, channel);
}

export function checkInvoke<C extends IpcInvokeChannel>(channel: C, frameUrl: string | null | undefined, args: readonly unknown[], trusted: TrustedOrigins): Checked<C> {
  if (!isInvokeChannel(channel)) return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `unknown channel ${String(channel).slice(0, 40)}` } };
  const spec = IPC_INVOKE[channel];
  const sender = senderOf(frameUrl, trusted);
  if (!sender || !(spec.from as readonly IpcSender[]).includes(sender)) {
    return { ok: false, error: { code: 'FORBIDDEN_SENDER', message: `${channel} is not allowed from this page` } };
  }
  if (args.length > 1) return { ok: false, error: { code: 'BAD_PAYLOAD', message: `${channel} takes one payload, got ${args.length}` } };
  const parsed = spec.request.safeParse(args[0]);
  if (!parsed.success) {
    const details: Record<string, string> = {};
    for (const issue of parsed.error.issues.slice(0, 20)) details[issue.path.join('.') || '(payload)'] = issue.message;
    return { ok: false, error: { code: 'BAD_PAYLOAD', message: `${channel}: invalid payload`, details } };
  }
  return { ok: true, channel, sender, payload: parsed.data as IpcPayload<C> };
}

/** `contentsId`: the sending page's webContents id, when the caller knows it (main uses it to tell windows apart). */
export type InvokeHandler<C extends IpcInvokeChannel> = (payload: IpcPayload<C>, ctx: { sender: IpcSender; frameUrl: string; contentsId: number | null }) => unknown;

/**
 * Wraps a handler so it only ever runs on a checked payload and always answers with an IpcReply (a handler's error
 * becomes FAILED instead of an exception crossing into the page). `log` hears every refusal.
 */
export function guarded<C extends IpcInvokeChannel>(
  channel: C,
  handler: InvokeHandler<C>,
  trusted: () => TrustedOrigins,
  log: (msg: string) => void,
): (frameUrl: string | null | undefined, args: readonly unknown[], contentsId?: number) => Promise<IpcReply<unknown>> {
  return async (frameUrl, args, contentsId) => {
    const checked = checkInvoke(channel, frameUrl, args, trusted());
    if (!checked.ok) {
      log(`ipc ${channel} refused: ${checked.error.code} ${checked.error.message}`);
      return { ok: false, error: checked.error };
    }
    try {
      const value = await handler(checked.payload, { sender: checked.sender, frameUrl: frameUrl ?? '', contentsId: contentsId ?? null });
      return { ok: true, value: value ?? null };
    } catch (err) {
      log(`ipc ${channel} failed: ${err instanceof Error ? err.message : String(err)}`);
      return { ok: false, error: { code: 'FAILED', message: err instanceof Error ? err.message : String(err) } };
    }
  };
}
