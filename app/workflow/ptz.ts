// Pan/tilt/zoom: the rights, the control hold and the commands. The hold is live state like presence (who has the
// joystick now), not a record: it is kept in memory, lapses after `holdIdleMs` without a command, and every change is
// pushed to the consoles that see the camera. Who took the control, and every takeover and preset saved, is written to
// the ledger (the camera's lens changes what others see). A lapsed hold also stops the lens: its holder may be gone.
import type { ErrorCode, PersonRef, PtzHold, PtzPreset } from '../../protocol/index.ts';
import { PtzError, type MediaService, type MediaUnavailable } from '../../media/index.ts';
import type { Actor } from '../domain/access.ts';
import { claim, expiresAt, lapsed, mayControlPtz, type Hold } from '../domain/ptz.ts';
import type { Db } from '../store/db.ts';
import type { Directory } from '../store/directory.ts';
import type { Ledger } from '../store/ledger.ts';
import type { VideoDesk } from './video.ts';

export type PtzResult<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; details?: Record<string, string> };

export interface PtzDeskDeps {
  db: Db;
  ledger: Ledger;
  directory: Directory;
  video: VideoDesk;
  media: MediaService | MediaUnavailable;
  holdIdleMs: number;
  clock: () => number;
  /** Pushes a hold change to the consoles that see the camera's township. */
  emit: (townshipId: number, cameraId: number, hold: PtzHold | null) => void;
  log: (msg: string, err?: unknown) => void;
}

export function createPtzDesk(d: PtzDeskDeps) {
  const holds = new Map<number, Hold>();
  const log = d.db.transaction((now: number, actorId: number, action: string, cameraId: number, detail: unknown) => d.ledger.append(now, actorId, action, `camera:${cameraId}`, detail));

  const view = (h: Hold | null): PtzHold | null =>
    h && { cameraId: h.cameraId, holder: h.holder, centreName: d.directory.centres().find((c) => c.id === h.centreId)?.name ?? '', since: h.since, expiresAt: expiresAt(h, d.holdIdleMs) };
  const current = (cameraId: number, now: number): Hold | null => {
    const h = holds.get(cameraId) ?? null;
    return lapsed(h, now, d.holdIdleMs) ? null : h;
  };
  const person = (actor: Actor): PersonRef => ({ id: actor.id, name: d.directory.user(actor.id)?.name ?? String(actor.id) });
  const push = (cameraId: number, hold: Hold | null) => {
    const townshipId = d.video.cameraTownship(cameraId);
    if (townshipId !== null) d.emit(townshipId, cameraId, view(hold));
  };

  /** Null when `actor` may turn this camera; else why not. */
  const access = (actor: Actor, cameraId: number): ErrorCode | null => {
    const denied = mayControlPtz(actor) ?? d.video.mayWatchCamera(actor, cameraId);
    if (denied) return denied;
    if (!d.media.available) return 'MEDIA_UNAVAILABLE';
    return d.media.ptz.has(cameraId) ? null : 'PTZ_NOT_SUPPORTED';
  };
  const heldBy = (h: Hold): Record<string, string> => ({ holder: h.holder.name, centre: view(h)!.centreName });

  /** Takes (or keeps) the control for `actor`; announces a change of holder. */
  const take = (actor: Actor, cameraId: number, now: number, takeover: boolean): PtzResult<Hold> => {
    const prev = current(cameraId, now);
    const r = claim(prev, actor, person(actor), cameraId, now, d.holdIdleMs, takeover);
    if (!r.ok) return { ok: false, code: r.code, details: heldBy(r.holder) };
    holds.set(cameraId, r.hold);
    if (r.took !== 'kept') {
      log(now, actor.id, r.took === 'takeover' ? 'ptz.takeover' : 'ptz.hold', cameraId, r.took === 'takeover' && prev ? { from: prev.holder } : {});
      push(cameraId, r.hold);
    }
    return { ok: true, value: r.hold };
  };

  /** Runs one device command under the actor's hold. */
  const command = async (actor: Actor, cameraId: number, run: (ptz: MediaService['ptz']) => Promise<void>): Promise<PtzResult<{ hold: PtzHold | null }>> => {
    const denied = access(actor, cameraId);
    if (denied) return { ok: false, code: denied };
    const held = take(actor, cameraId, d.clock(), false);
    if (!held.ok) return held;
    try {
      await run((d.media as MediaService).ptz);
    } catch (err) {
      if (err instanceof PtzError) return { ok: false, code: err.code, details: { camera: err.message.slice(0, 200) } };
      throw err;
    }
    return { ok: true, value: { hold: view(held.value) } };
  };

  const sweep = setInterval(() => {
    const now = d.clock();
    for (const [cameraId, h] of holds) {
      if (!lapsed(h, now, d.holdIdleMs)) continue;
      holds.delete(cameraId);
      push(cameraId, null);
      if (d.media.available) d.media.ptz.stop(cameraId).catch(() => {});
    }
  }, Math.min(5_000, Math.max(200, d.holdIdleMs / 4)));
  sweep.unref();

  return {
    move: (actor: Actor, cameraId: number, v: { pan: number; tilt: number; zoom: number }) => command(actor, cameraId, (ptz) => ptz.move(cameraId, v)),
    stop: (actor: Actor, cameraId: number) => command(actor, cameraId, (ptz) => ptz.stop(cameraId)),
    gotoPreset: (actor: Actor, cameraId: number, token: string) => command(actor, cameraId, (ptz) => ptz.gotoPreset(cameraId, token)),
    async savePreset(actor: Actor, cameraId: number, name: string): Promise<PtzResult<{ hold: PtzHold | null; presets: PtzPreset[] }>> {
      let token = '';
      const r = await command(actor, cameraId, async (ptz) => {
        token = await ptz.savePreset(cameraId, name);
      });
      if (!r.ok) return r;
      log(d.clock(), actor.id, 'ptz.preset.save', cameraId, { name, token });
      const presets = await (d.media as MediaService).ptz.presets(cameraId).catch(() => []);
      return { ok: true, value: { ...r.value, presets } };
    },
    /** 接管 (takeover: commanders) or simply take a free camera's control. */
    claim(actor: Actor, cameraId: number, takeover: boolean): PtzResult<{ hold: PtzHold | null }> {
      const denied = access(actor, cameraId);
      if (denied) return { ok: false, code: denied };
      const r = take(actor, cameraId, d.clock(), takeover);
      return r.ok ? { ok: true, value: { hold: view(r.value) } } : r;
    },
    /** The holder lets go (others may then take it at once). */
    release(actor: Actor, cameraId: number): PtzResult<{ hold: PtzHold | null }> {
      const denied = access(actor, cameraId);
      if (denied) return { ok: false, code: denied };
      const h = current(cameraId, d.clock());
      if (h && h.holder.id !== actor.id) return { ok: false, code: 'PTZ_HELD', details: heldBy(h) };
      if (h) {
        holds.delete(cameraId);
        push(cameraId, null);
      }
      return { ok: true, value: { hold: null } };
    },
    async status(actor: Actor, cameraId: number): Promise<PtzResult<{ cameraId: number; hold: PtzHold | null; presets: PtzPreset[] }>> {
      const denied = access(actor, cameraId);
      if (denied) return { ok: false, code: denied };
      try {
        const presets = await (d.media as MediaService).ptz.presets(cameraId);
        return { ok: true, value: { cameraId, hold: view(current(cameraId, d.clock())), presets } };
      } catch (err) {
        if (err instanceof PtzError) return { ok: false, code: err.code, details: { camera: err.message.slice(0, 200) } };
        throw err;
      }
    },
    close: () => clearInterval(sweep),
  };
}
export type PtzDesk = ReturnType<typeof createPtzDesk>;
