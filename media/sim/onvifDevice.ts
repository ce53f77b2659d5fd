// The simulated dome cameras' ONVIF side: one HTTP server on loopback that answers SOAP for the device, media and PTZ
// services of each simulated PTZ camera (`/onvif/<key>/device_service`, …), enough of Profile S for a real ONVIF
// client (the `onvif` package): GetSystemDateAndTime, GetCapabilities (GetServices answers a fault, as on older
// cameras, so clients fall back), GetProfiles, GetVideoSources, GetStreamUri, ContinuousMove (with Timeout), Stop,
// GetPresets, GotoPreset, SetPreset, RemovePreset. The lens state it keeps drives the picture (ptzScene.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { INGEST_HOST } from '../../protocol/index.ts';
import { advance, HOME, STILL, type PtzPosition, type PtzVelocity } from './ptzScene.ts';

export interface SimPtzCamera {
  key: string;
  name: string;
}

interface Preset {
  token: string;
  name: string;
  position: PtzPosition;
}

/** One simulated dome's lens: a position that a continuous move changes over time (read at any instant). */
export class SimLens {
  private position: PtzPosition = { ...HOME };
  private velocity: PtzVelocity = { ...STILL };
  private since: number;
  private until = Infinity;
  readonly presets: Preset[] = [];
  private nextPreset = 1;

  constructor(private readonly clock: () => number) {
    this.since = clock();
  }

  at(now = this.clock()): PtzPosition {
    return advance(this.position, this.velocity, Math.max(0, Math.min(now, this.until) - this.since));
  }

  moving(now = this.clock()): boolean {
    return now < this.until && (this.velocity.pan !== 0 || this.velocity.tilt !== 0 || this.velocity.zoom !== 0);
  }

  move(v: PtzVelocity, timeoutMs: number | null): void {
    const now = this.clock();
    this.position = this.at(now);
    this.velocity = v;
    this.since = now;
    this.until = timeoutMs === null ? Infinity : now + timeoutMs;
  }

  stop(): void {
    this.move({ ...STILL }, null);
  }

  goTo(p: PtzPosition): void {
    this.stop();
    this.position = { ...p };
  }

  savePreset(name: string, token: string | null): string {
    const existing = token ? this.presets.find((p) => p.token === token) : undefined;
    if (existing) {
      existing.name = name;
      existing.position = this.at();
      return existing.token;
    }
    const t = `p${this.nextPreset++}`;
    this.presets.push({ token: t, name, position: this.at() });
    return t;
  }
}

const NS =
  'xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" xmlns:tt="http://www.onvif.org/ver10/schema" ' +
  'xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:trt="http://www.onvif.org/ver10/media/wsdl" xmlns:tptz="http://www.onvif.org/ver20/ptz/wsdl"';
const envelope = (body: string) => `<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope ${NS}><SOAP-ENV:Body>${body}</SOAP-ENV:Body></SOAP-ENV:Envelope>`;
const fault = (reason: string) =>
  envelope(
    `<SOAP-ENV:Fault><SOAP-ENV:Code><SOAP-ENV:Value>SOAP-ENV:Sender</SOAP-ENV:Value></SOAP-ENV:Code><SOAP-ENV:Reason><SOAP-ENV:Text xml:lang="en">${reason}</SOAP-ENV:Text></SOAP-ENV:Reason></SOAP-ENV:Fault>`,
  );
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The first element inside the SOAP Body: the action's local name. */
function actionOf(xml: string): string | null {
  const body = /<(?:\w+:)?Body[^>]*>\s*<(?:\w+:)?(\w+)/.exec(xml);
  return body?.[1] ?? null;
}
function field(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<(?:\\w+:)?${tag}(?:\\s[^>]*)?>([^<]*)</`).exec(xml);
  return m?.[1]?.trim().replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}
function attr(xml: string, tag: string, name: string): number | undefined {
  const el = new RegExp(`<(?:\\w+:)?${tag}\\s[^>]*>`).exec(xml)?.[0];
  const m = el && new RegExp(`\\s${name}="([^"]*)"`).exec(el);
  const v = m ? Number(m[1]) : Number.NaN;
  return Number.isFinite(v) ? v : undefined;
}
/** ISO 8601 duration as ONVIF sends it (PT10S, PT1.5S, PT1M). */
function durationMs(s: string | undefined): number | null {
  const m = s && /^PT(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(s);
  if (!m) return null;
  return (Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 1000;
}

const clampV = (v: number | undefined) => Math.max(-1, Math.min(1, v ?? 0));

export interface OnvifSim {
  host: string;
  port: number;
  lens(key: string): SimLens | undefined;
  close(): Promise<void>;
}

/**
 * Starts the SOAP server for `cameras`; `streamUri(key)` is what GetStreamUri answers (the camera's stream as the
 * centre reaches it). Width × height are what the profile announces.
 */
export async function startOnvifSim(opts: {
  cameras: SimPtzCamera[];
  host?: string;
  clock?: () => number;
  width: number;
  height: number;
}): Promise<OnvifSim> {
  const clock = opts.clock ?? Date.now;
  const host = opts.host ?? '127.0.0.1';
  const lenses = new Map(opts.cameras.map((c) => [c.key, new SimLens(clock)]));
  const names = new Map(opts.cameras.map((c) => [c.key, c.name]));
  let port = 0;

  const profile = (key: string) => `
    <trt:Profiles token="main" fixed="true"><tt:Name>main</tt:Name>
      <tt:VideoSourceConfiguration token="vsc"><tt:Name>vsc</tt:Name><tt:UseCount>1</tt:UseCount><tt:SourceToken>vs</tt:SourceToken>
        <tt:Bounds x="0" y="0" width="${opts.width}" height="${opts.height}"/></tt:VideoSourceConfiguration>
      <tt:VideoEncoderConfiguration token="vec"><tt:Name>${esc(names.get(key) ?? key)}</tt:Name><tt:UseCount>1</tt:UseCount><tt:Encoding>H264</tt:Encoding>
        <tt:Resolution><tt:Width>${opts.width}</tt:Width><tt:Height>${opts.height}</tt:Height></tt:Resolution><tt:Quality>5</tt:Quality>
        <tt:RateControl><tt:FrameRateLimit>15</tt:FrameRateLimit><tt:EncodingInterval>1</tt:EncodingInterval><tt:BitrateLimit>800</tt:BitrateLimit></tt:RateControl>
      </tt:VideoEncoderConfiguration>
      <tt:PTZConfiguration token="ptz"><tt:Name>ptz</tt:Name><tt:UseCount>1</tt:UseCount><tt:NodeToken>node</tt:NodeToken>
        <tt:DefaultContinuousPanTiltVelocitySpace>http://www.onvif.org/ver10/tptz/PanTiltSpaces/VelocityGenericSpace</tt:DefaultContinuousPanTiltVelocitySpace>
        <tt:DefaultContinuousZoomVelocitySpace>http://www.onvif.org/ver10/tptz/ZoomSpaces/VelocityGenericSpace</tt:DefaultContinuousZoomVelocitySpace>
        <tt:DefaultPTZTimeout>PT10S</tt:DefaultPTZTimeout></tt:PTZConfiguration>
    </trt:Profiles>`;

  const answer = (key: string, service: string, xml: string): { status: number; body: string } => {
    const lens = lenses.get(key)!;
    const base = `http://${host}:${port}/onvif/${key}`;
    const action = actionOf(xml);
    const now = new Date(clock());
    switch (action) {
      case 'GetSystemDateAndTime':
        return {
          status: 200,
          body: envelope(
            `<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>NTP</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings>` +
              `<tt:TimeZone><tt:TZ>CST-8</tt:TZ></tt:TimeZone><tt:UTCDateTime><tt:Time><tt:Hour>${now.getUTCHours()}</tt:Hour><tt:Minute>${now.getUTCMinutes()}</tt:Minute>` +
              `<tt:Second>${now.getUTCSeconds()}</tt:Second></tt:Time><tt:Date><tt:Year>${now.getUTCFullYear()}</tt:Year><tt:Month>${now.getUTCMonth() + 1}</tt:Month>` +
              `<tt:Day>${now.getUTCDate()}</tt:Day></tt:Date></tt:UTCDateTime></tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>`,
          ),
        };
      case 'GetCapabilities':
        return {
          status: 200,
          body: envelope(
            `<tds:GetCapabilitiesResponse><tds:Capabilities>` +
              `<tt:Device><tt:XAddr>${base}/device_service</tt:XAddr></tt:Device>` +
              `<tt:Media><tt:XAddr>${base}/media_service</tt:XAddr><tt:StreamingCapabilities><tt:RTPMulticast>false</tt:RTPMulticast><tt:RTP_TCP>true</tt:RTP_TCP><tt:RTP_RTSP_TCP>true</tt:RTP_RTSP_TCP></tt:StreamingCapabilities></tt:Media>` +
              `<tt:PTZ><tt:XAddr>${base}/ptz_service</tt:XAddr></tt:PTZ>` +
              `</tds:Capabilities></tds:GetCapabilitiesResponse>`,
          ),
        };
      case 'GetDeviceInformation':
        return {
          status: 200,
          body: envelope(
            `<tds:GetDeviceInformationResponse><tds:Manufacturer>ZZ-SIM</tds:Manufacturer><tds:Model>PTZ-DOME</tds:Model><tds:FirmwareVersion>1.0</tds:FirmwareVersion>` +
              `<tds:SerialNumber>${esc(key)}</tds:SerialNumber><tds:HardwareId>sim</tds:HardwareId></tds:GetDeviceInformationResponse>`,
          ),
        };
      case 'GetProfiles':
        return { status: 200, body: envelope(`<trt:GetProfilesResponse>${profile(key)}</trt:GetProfilesResponse>`) };
      case 'GetVideoSources':
        return {
          status: 200,
          body: envelope(
            `<trt:GetVideoSourcesResponse><trt:VideoSources token="vs"><tt:Framerate>15</tt:Framerate><tt:Resolution><tt:Width>${opts.width}</tt:Width><tt:Height>${opts.height}</tt:Height></tt:Resolution></trt:VideoSources></trt:GetVideoSourcesResponse>`,
          ),
        };
      case 'GetStreamUri':
        return {
          status: 200,
          body: envelope(
            `<trt:GetStreamUriResponse><trt:MediaUri><tt:Uri>rtmp://${INGEST_HOST}/src/${esc(key)}</tt:Uri><tt:InvalidAfterConnect>false</tt:InvalidAfterConnect>` +
              `<tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT0S</tt:Timeout></trt:MediaUri></trt:GetStreamUriResponse>`,
          ),
        };
      case 'ContinuousMove': {
        if (service !== 'ptz_service') break;
        lens.move(
          { pan: clampV(attr(xml, 'PanTilt', 'x')), tilt: clampV(attr(xml, 'PanTilt', 'y')), zoom: clampV(attr(xml, 'Zoom', 'x')) },
          durationMs(field(xml, 'Timeout')) ?? 10_000,
        );
        return { status: 200, body: envelope('<tptz:ContinuousMoveResponse/>') };
      }
      case 'Stop':
        if (service !== 'ptz_service') break;
        lens.stop();
        return { status: 200, body: envelope('<tptz:StopResponse/>') };
      case 'GetPresets':
        return {
          status: 200,
          body: envelope(
            `<tptz:GetPresetsResponse>${lens.presets
              .map(
                (p) =>
                  `<tptz:Preset token="${esc(p.token)}"><tt:Name>${esc(p.name)}</tt:Name><tt:PTZPosition><tt:PanTilt x="${p.position.pan}" y="${p.position.tilt}"/><tt:Zoom x="${p.position.zoom}"/></tt:PTZPosition></tptz:Preset>`,
              )
              .join('')}</tptz:GetPresetsResponse>`,
          ),
        };
      case 'GotoPreset': {
        const p = lens.presets.find((x) => x.token === field(xml, 'PresetToken'));
        if (!p) return { status: 400, body: fault('NoToken: no such preset') };
        lens.goTo(p.position);
        return { status: 200, body: envelope('<tptz:GotoPresetResponse/>') };
      }
      case 'SetPreset': {
        const name = field(xml, 'PresetName') ?? '';
        if (!name) return { status: 400, body: fault('InvalidPresetName') };
        const token = lens.savePreset(name, field(xml, 'PresetToken') ?? null);
        return { status: 200, body: envelope(`<tptz:SetPresetResponse><tptz:PresetToken>${esc(token)}</tptz:PresetToken></tptz:SetPresetResponse>`) };
      }
      case 'RemovePreset': {
        const i = lens.presets.findIndex((x) => x.token === field(xml, 'PresetToken'));
        if (i < 0) return { status: 400, body: fault('NoToken: no such preset') };
        lens.presets.splice(i, 1);
        return { status: 200, body: envelope('<tptz:RemovePresetResponse/>') };
      }
      default:
        break;
    }
    return { status: 400, body: fault(`ActionNotSupported: ${action ?? 'none'}`) };
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const m = /^\/onvif\/([a-z0-9_-]+)\/(device_service|media_service|ptz_service)$/.exec(req.url ?? '');
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= 1 << 16) chunks.push(c);
    });
    req.on('end', () => {
      const reply = m && req.method === 'POST' && lenses.has(m[1]!) && size <= 1 << 16
        ? answer(m[1]!, m[2]!, Buffer.concat(chunks).toString('utf8'))
        : { status: 404, body: fault('no such service') };
      res.writeHead(reply.status, { 'content-type': 'application/soap+xml; charset=utf-8' });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    host,
    port,
    lens: (key) => lenses.get(key),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
