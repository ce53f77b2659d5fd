// Pan/tilt/zoom through ONVIF (Profile S PTZ service) with the `onvif` client library: continuous move, stop, presets.
// A camera's ONVIF address is its device service URL, credentials included
// (`http://user:pass@192.168.1.64/onvif/device_service`); `http://ingest.local/onvif/<key>/device_service` means the
// demo simulator's dome camera <key> (like rtmp://ingest.local/src/<key> for its picture). One connected client per
// camera is kept and dropped on any error, so the next command connects afresh.
import { createRequire } from 'node:module';
import type { Cam as CamType, CamOptions } from 'onvif';
import { INGEST_HOST } from '../protocol/index.ts';

const require = createRequire(import.meta.url);

export type PtzFailure = 'PTZ_NOT_SUPPORTED' | 'PTZ_UNREACHABLE' | 'PTZ_DEVICE_ERROR' | 'PTZ_PRESET_UNKNOWN';

export class PtzError extends Error {
  constructor(readonly code: PtzFailure, detail: string) {
    super(detail);
  }
}

export interface PtzPreset {
  token: string;
  name: string;
}

/** A continuous move stops by itself after this long if no stop arrives (the operator's browser may vanish). */
export const MOVE_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 5_000;

interface Device {
  url: string;
  cam: Promise<CamType> | null;
}

const failureOf = (msg: string): PtzFailure =>
  /ECONNREFUSED|timeout|ECONNRESET|EHOSTUNREACH|ENOTFOUND/i.test(msg) ? 'PTZ_UNREACHABLE' : /NoToken/i.test(msg) ? 'PTZ_PRESET_UNKNOWN' : 'PTZ_DEVICE_ERROR';

export class PtzControl {
  private devices = new Map<number, Device>();

  constructor(private readonly resolveIngest: () => { host: string; port: number } | null) {}

  /** The camera's ONVIF address, or null for a fixed camera. */
  setDevice(id: number, onvifUrl: string | null): void {
    if (this.devices.get(id)?.url === onvifUrl) return;
    if (onvifUrl === null) this.devices.delete(id);
    else this.devices.set(id, { url: onvifUrl, cam: null });
  }

  has(id: number): boolean {
    return this.devices.has(id);
  }

  private options(url: string): CamOptions {
    const u = new URL(url);
    let hostname = u.hostname;
    let port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
    const sim = hostname === INGEST_HOST;
    if (sim) {
      const at = this.resolveIngest();
      if (!at) throw new PtzError('PTZ_UNREACHABLE', 'the demo ONVIF simulator is not running');
      hostname = at.host;
      port = at.port;
    }
    return {
      hostname,
      port,
      path: u.pathname || '/onvif/device_service',
      username: decodeURIComponent(u.username) || undefined,
      password: decodeURIComponent(u.password) || undefined,
      useSecure: u.protocol === 'https:',
      timeout: REQUEST_TIMEOUT_MS,
      autoconnect: false,
      // Cameras behind NAT or a GB/T 28181 gateway often announce service addresses the centre cannot reach.
      preserveAddress: !sim,
    };
  }

  private connect(id: number): Promise<CamType> {
    const d = this.devices.get(id);
    if (!d) return Promise.reject(new PtzError('PTZ_NOT_SUPPORTED', 'no ONVIF address'));
    if (d.cam) return d.cam;
    const { Cam } = require('onvif') as typeof import('onvif');
    const attempt = new Promise<CamType>((resolve, reject) => {
      let cam: CamType;
      try {
        cam = new Cam(this.options(d.url));
      } catch (err) {
        return reject(err instanceof PtzError ? err : new PtzError('PTZ_UNREACHABLE', String(err)));
      }
      cam.on('warning', () => {});
      try {
        cam.connect((err) => {
          if (err) return reject(new PtzError(failureOf(err.message), err.message));
          const c = cam as CamType & { uri?: { ptz?: unknown }; activeSource?: { ptz?: unknown } };
          if (!c.uri?.ptz || !c.activeSource?.ptz) return reject(new PtzError('PTZ_NOT_SUPPORTED', 'the device has no PTZ service'));
          resolve(cam);
        });
      } catch (err) {
        reject(new PtzError('PTZ_DEVICE_ERROR', String(err)));
      }
    });
    d.cam = attempt;
    attempt.catch(() => {
      if (d.cam === attempt) d.cam = null;
    });
    return attempt;
  }

  /** Runs one request on the camera's client; any failure drops the client. */
  private async call<T>(id: number, run: (cam: CamType, done: (err: Error | null, value?: T) => void) => void): Promise<T> {
    const cam = await this.connect(id);
    try {
      return await new Promise<T>((resolve, reject) => {
        try {
          run(cam, (err, value) => (err ? reject(err) : resolve(value as T)));
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
    } catch (err) {
      const d = this.devices.get(id);
      if (d) d.cam = null;
      if (err instanceof PtzError) throw err;
      const msg = err instanceof Error ? err.message : String(err);
      throw new PtzError(failureOf(msg), msg);
    }
  }

  /** Velocities in [-1, 1]; the camera stops by itself after MOVE_TIMEOUT_MS. */
  move(id: number, v: { pan: number; tilt: number; zoom: number }): Promise<void> {
    return this.call(id, (cam, done) => cam.continuousMove({ x: v.pan, y: v.tilt, zoom: v.zoom, timeout: MOVE_TIMEOUT_MS }, (err) => done(err)));
  }

  stop(id: number): Promise<void> {
    return this.call(id, (cam, done) => cam.stop({ panTilt: true, zoom: true }, (err) => done(err)));
  }

  async presets(id: number): Promise<PtzPreset[]> {
    const byName = await this.call<Record<string, { $: { token: string }; name: unknown }>>(id, (cam, done) =>
      cam.getPresets({}, (err, data) => done(err, (data ?? {}) as Record<string, { $: { token: string }; name: unknown }>)),
    );
    return Object.values(byName)
      .map((p) => ({ token: String(p.$.token), name: String(p.name) }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  }

  gotoPreset(id: number, token: string): Promise<void> {
    return this.call(id, (cam, done) => cam.gotoPreset({ preset: token }, (err) => done(err)));
  }

  /** Saves the current position under `name` (replacing the preset of that name); returns its token. */
  async savePreset(id: number, name: string): Promise<string> {
    const existing = (await this.presets(id)).find((p) => p.name === name);
    const xmlName = name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    await this.call<void>(id, (cam, done) => cam.setPreset({ presetName: xmlName, ...(existing ? { presetToken: existing.token } : {}) }, (err) => done(err)));
    const saved = (await this.presets(id)).find((p) => p.name === name);
    if (!saved) throw new PtzError('PTZ_DEVICE_ERROR', 'the camera did not keep the preset');
    return saved.token;
  }
}
