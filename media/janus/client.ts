// A client of Janus's HTTP API on loopback: one Janus session for the whole centre server, one long poll that brings
// the events of every handle, and requests that resolve with a plugin's synchronous answer or with its asynchronous
// event (matched by transaction). The centre speaks to Janus for the consoles; consoles never reach this API.
import { randomBytes } from 'node:crypto';

export interface PluginReply {
  /** plugindata.data of the answer or of the event that completed the request. */
  data: Record<string, unknown>;
  jsep?: { type: string; sdp: string };
}

export interface HandleEvent {
  /** 'event' (plugin event), 'webrtcup', 'media', 'hangup', 'slowlink', 'detached', … */
  janus: string;
  data?: Record<string, unknown>;
  jsep?: { type: string; sdp: string };
  raw: Record<string, unknown>;
}

export class JanusError extends Error {
  constructor(message: string, readonly code?: number) {
    super(message);
  }
}

const tx = () => randomBytes(9).toString('base64url');
type Json = Record<string, unknown>;

export class JanusClient {
  private sessionId: number | null = null;
  private readonly pending = new Map<string, { resolve: (r: PluginReply) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }>();
  private readonly listeners = new Map<number, (e: HandleEvent) => void>();
  private polling = false;
  private closed = false;
  private pollAbort: AbortController | null = null;
  /** Called once when the session is lost (Janus stopped or the session timed out). */
  onLost: (err: Error) => void = () => {};

  constructor(
    private readonly base: string,
    private readonly apiSecret: string,
    private readonly timeoutMs = 10_000,
  ) {}

  private async post(path: string, body: Json): Promise<Json> {
    const res = await fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, apisecret: this.apiSecret }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    return (await res.json()) as Json;
  }

  async info(): Promise<Json> {
    return this.post('', { janus: 'info', transaction: tx() });
  }

  async connect(): Promise<void> {
    const r = await this.post('', { janus: 'create', transaction: tx() });
    if (r.janus !== 'success') throw new JanusError(`create session: ${JSON.stringify(r.error ?? r)}`);
    this.sessionId = (r.data as { id: number }).id;
    void this.poll();
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    while (!this.closed && this.sessionId !== null) {
      const sid = this.sessionId;
      try {
        this.pollAbort = new AbortController();
        const timer = setTimeout(() => this.pollAbort?.abort(), 45_000);
        const res = await fetch(`${this.base}/${sid}?maxev=20&rid=${Date.now()}&apisecret=${encodeURIComponent(this.apiSecret)}`, { signal: this.pollAbort.signal });
        clearTimeout(timer);
        const body = (await res.json()) as Json | Json[];
        for (const ev of Array.isArray(body) ? body : [body]) this.dispatch(ev);
        if (!Array.isArray(body) && body.janus === 'error') throw new JanusError(`session ${sid}: ${JSON.stringify(body.error)}`);
      } catch (err) {
        if (this.closed) break;
        this.lose(err instanceof Error ? err : new Error(String(err)));
        break;
      }
    }
    this.polling = false;
  }

  private lose(err: Error): void {
    if (this.sessionId === null) return;
    this.sessionId = null;
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new JanusError(`Janus lost: ${err.message}`));
    }
    this.pending.clear();
    this.listeners.clear();
    this.onLost(err);
  }

  private dispatch(ev: Json): void {
    if (ev.janus === 'keepalive') return;
    const t = typeof ev.transaction === 'string' ? ev.transaction : null;
    const plugindata = ev.plugindata as { data?: Json } | undefined;
    const p = t ? this.pending.get(t) : undefined;
    if (p && ev.janus === 'event') {
      this.pending.delete(t!);
      clearTimeout(p.timer);
      const data = plugindata?.data ?? {};
      if (typeof data.error === 'string') p.reject(new JanusError(data.error, data.error_code as number | undefined));
      else p.resolve({ data, ...(ev.jsep ? { jsep: ev.jsep as PluginReply['jsep'] } : {}) });
      return;
    }
    const sender = typeof ev.sender === 'number' ? ev.sender : null;
    if (sender === null) return;
    this.listeners.get(sender)?.({
      janus: String(ev.janus), raw: ev,
      ...(plugindata?.data ? { data: plugindata.data } : {}),
      ...(ev.jsep ? { jsep: ev.jsep as PluginReply['jsep'] } : {}),
    });
  }

  get connected(): boolean {
    return this.sessionId !== null;
  }

  private sid(): number {
    if (this.sessionId === null) throw new JanusError('Janus is not connected');
    return this.sessionId;
  }

  async attach(plugin: string, onEvent: (e: HandleEvent) => void): Promise<number> {
    const r = await this.post(`/${this.sid()}`, { janus: 'attach', plugin, transaction: tx() });
    if (r.janus !== 'success') throw new JanusError(`attach: ${JSON.stringify(r.error ?? r)}`);
    const id = (r.data as { id: number }).id;
    this.listeners.set(id, onEvent);
    return id;
  }

  async detach(handle: number): Promise<void> {
    this.listeners.delete(handle);
    if (this.sessionId === null) return;
    await this.post(`/${this.sessionId}/${handle}`, { janus: 'detach', transaction: tx() }).catch(() => {});
  }

  /** A plugin request: resolves with the synchronous answer, or with the asynchronous event that follows an ack. */
  async message(handle: number, body: Json, jsep?: { type: string; sdp: string }): Promise<PluginReply> {
    const t = tx();
    const waiting = new Promise<PluginReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(t);
        reject(new JanusError(`no answer to ${String(body.request)} within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(t, { resolve, reject, timer });
    });
    waiting.catch(() => {}); // observed below; never an unhandled rejection when the sync path wins
    let r: Json;
    try {
      r = await this.post(`/${this.sid()}/${handle}`, { janus: 'message', body, transaction: t, ...(jsep ? { jsep } : {}) });
    } catch (err) {
      this.cancel(t);
      throw err;
    }
    if (r.janus === 'ack') return waiting;
    this.cancel(t);
    if (r.janus === 'error') throw new JanusError(JSON.stringify(r.error), (r.error as { code?: number } | undefined)?.code);
    const data = ((r.plugindata as { data?: Json } | undefined)?.data ?? {}) as Json;
    if (typeof data.error === 'string') throw new JanusError(data.error, data.error_code as number | undefined);
    return { data, ...(r.jsep ? { jsep: r.jsep as PluginReply['jsep'] } : {}) };
  }

  async trickle(handle: number, candidate: Json | null): Promise<void> {
    await this.post(`/${this.sid()}/${handle}`, { janus: 'trickle', transaction: tx(), candidate: candidate ?? { completed: true } });
  }

  private cancel(t: string): void {
    const p = this.pending.get(t);
    if (p) clearTimeout(p.timer);
    this.pending.delete(t);
  }

  close(): void {
    this.closed = true;
    this.pollAbort?.abort();
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new JanusError('closed'));
    }
    this.pending.clear();
    this.sessionId = null;
  }
}
