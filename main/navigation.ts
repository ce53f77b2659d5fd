// Where windows may go, and who may talk to main: every decision compares origins parsed with the WHATWG URL parser,
// never string prefixes (so http://127.0.0.1:8620.evil.com, http://127.0.0.1:8620@evil.com and friends are refused).
import type { IpcSender } from '../protocol/ipc.ts';

/** The app's own pages (the settings window) are served from this privileged scheme by main. */
export const APP_SCHEME = 'app';
export const SETTINGS_ORIGIN = `${APP_SCHEME}://settings`;

export interface TrustedOrigins {
  /** The centre server's origin, e.g. http://127.0.0.1:8620; null while none is known. */
  server: string | null;
  settings: string;
}

export type ParsedServerUrl = { ok: true; origin: string } | { ok: false; reason: string };

/** Accept a centre server address typed by a person or passed on the command line; answer its origin. */
export function parseServerUrl(input: string): ParsedServerUrl {
  let u: URL;
  try {
    u = new URL(input.trim());
  } catch {
    return { ok: false, reason: '不是有效的网址 / not a valid URL' };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return { ok: false, reason: '只支持 http 或 https / only http or https' };
  if (u.username || u.password) return { ok: false, reason: '网址不能包含账号密码 / the URL must not contain credentials' };
  if ((u.pathname !== '/' && u.pathname !== '') || u.search || u.hash) return { ok: false, reason: '只填写 协议://主机:端口 / give only scheme://host:port' };
  return { ok: true, origin: u.origin };
}

interface Origin {
  protocol: string;
  hostname: string;
  port: string;
}

function parse(url: string): (Origin & { credentials: boolean }) | null {
  try {
    const u = new URL(url);
    return { protocol: u.protocol, hostname: u.hostname, port: u.port, credentials: !!(u.username || u.password) };
  } catch {
    return null;
  }
}

/**
 * Same scheme, host and port (after the parser's normalisation: case, default ports, IDNA). Works for the custom app
 * scheme too, whose URL.origin is the opaque "null". A URL carrying credentials never matches.
 */
export function sameOrigin(url: string, origin: string | null): boolean {
  if (!origin) return false;
  const a = parse(url);
  const b = parse(origin);
  if (!a || !b || a.credentials) return false;
  if (a.protocol !== 'http:' && a.protocol !== 'https:' && a.protocol !== `${APP_SCHEME}:`) return false;
  return a.protocol === b.protocol && a.hostname === b.hostname && a.port === b.port && a.hostname !== '';
}

/** Which trusted page a frame belongs to, from the frame's URL; null if none (the IPC call is refused). */
export function senderOf(frameUrl: string | null | undefined, trusted: TrustedOrigins): IpcSender | null {
  if (!frameUrl) return null;
  if (sameOrigin(frameUrl, trusted.server)) return 'server';
  if (sameOrigin(frameUrl, trusted.settings)) return 'settings';
  return null;
}

export type NavigationDecision = { allow: true } | { allow: false; reason: string };

/**
 * will-navigate / will-frame-navigate / will-redirect: a window may only move within its own origin (the console and
 * wall windows within the centre server, the settings window within app://settings). In-page hash changes of the SPA
 * never reach here.
 */
export function decideNavigation(url: string, windowOrigin: string | null): NavigationDecision {
  if (sameOrigin(url, windowOrigin)) return { allow: true };
  return { allow: false, reason: `navigation to ${describe(url)} blocked: only ${windowOrigin ?? '(no server yet)'} is allowed` };
}

export type WindowOpenDecision = { action: 'allow-child' } | { action: 'deny'; reason: string };

/**
 * setWindowOpenHandler: a same-origin page (e.g. a printable 一案一码 receipt) may open a child window, which main
 * creates with the same hardened preferences and the same navigation lock; anything else is denied and is NOT handed
 * to the system browser (no shell.openExternal of a URL a page chose).
 */
export function decideWindowOpen(url: string, windowOrigin: string | null): WindowOpenDecision {
  if (windowOrigin && !windowOrigin.startsWith(`${APP_SCHEME}:`) && sameOrigin(url, windowOrigin)) return { action: 'allow-child' };
  return { action: 'deny', reason: `window.open(${describe(url)}) denied` };
}

/** For logs: never print query strings (they may carry tokens). */
function describe(url: string): string {
  const p = parse(url);
  return p ? `${p.protocol}//${p.hostname}${p.port ? `:${p.port}` : ''}` : JSON.stringify(url.slice(0, 60));
}
