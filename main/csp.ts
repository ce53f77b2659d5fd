// The Content-Security-Policy main adds to every response from the centre server (session.webRequest), on top of the
// <meta> policy the built console carries. Both apply: a resource loads only if every policy allows it.
import { parseServerUrl } from './navigation.ts';

export interface CspOptions {
  /** The centre server's origin. */
  server: string;
  /** Media servers on other machines (WS-FLV / HLS), as origins. Media on the server's own host, any port, is allowed. */
  media?: string[];
}

/**
 * Scripts only from the server itself (no inline script, no eval); styles from the server plus inline style attributes
 * (React and the map/video libraries set them); images and video also from blob:/data: (snapshots, MediaSource);
 * workers from blob: (maplibre-gl and mpegts.js start theirs that way); network only to the server and its media host;
 * no plugins, no frames, no <base>, forms only to the server, and no other site may frame the console.
 */
export function buildCsp({ server, media = [] }: CspOptions): string {
  const origin = mustOrigin(server);
  const u = new URL(origin);
  const ws = `${u.protocol === 'https:' ? 'wss' : 'ws'}://${u.host}`;
  const sameHostAnyPort = [`${u.protocol}//${u.hostname}:*`, `${u.protocol === 'https:' ? 'wss' : 'ws'}://${u.hostname}:*`];
  const mediaOrigins = media.flatMap((m) => {
    const o = new URL(mustOrigin(m));
    return [o.origin, `${o.protocol === 'https:' ? 'wss' : 'ws'}://${o.host}`];
  });
  const directives: [string, ...string[]][] = [
    ['default-src', "'none'"],
    ['script-src', "'self'"],
    ['style-src', "'self'", "'unsafe-inline'"],
    ['img-src', "'self'", 'data:', 'blob:'],
    ['font-src', "'self'"],
    ['connect-src', "'self'", ws, ...sameHostAnyPort, ...mediaOrigins],
    ['media-src', "'self'", 'blob:', ...sameHostAnyPort, ...mediaOrigins],
    ['worker-src', "'self'", 'blob:'],
    ['manifest-src', "'self'"],
    ['frame-src', "'none'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'self'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map((d) => [...new Set(d)].join(' ')).join('; ');
}

/** The app's own pages (settings): nothing but their own files. */
export const APP_PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** A page with no script at all (the offline/reconnecting page). */
export const STATIC_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

function mustOrigin(url: string): string {
  const parsed = parseServerUrl(url);
  if (!parsed.ok) throw new Error(`CSP: ${url}: ${parsed.reason}`);
  return parsed.origin;
}

/**
 * Adds our CSP to a response's headers as Electron's onHeadersReceived hands them. A policy the server sent itself is
 * kept as well: every policy applies, so adding can only make the page stricter.
 */
export function withCspHeader(headers: Record<string, string[] | string> | undefined, csp: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  let existing: string[] = [];
  for (const [k, v] of Object.entries(headers ?? {})) {
    const values = Array.isArray(v) ? v : [v];
    if (k.toLowerCase() === 'content-security-policy') existing = existing.concat(values);
    else out[k] = values;
  }
  out['Content-Security-Policy'] = existing.includes(csp) ? existing : [...existing, csp];
  return out;
}
