// Permission requests from pages (session.setPermissionRequestHandler / setPermissionCheckHandler): denied unless a
// feature of the console needs it, and only for the centre server's own pages in the top frame.
import { sameOrigin } from './navigation.ts';

/**
 * What the console may have, and why:
 * - notifications: the console's own Web Notifications (main shows the alert/order notifications itself, but a page
 *   asking is harmless and expected);
 * - fullscreen: a video tile or the map enlarged with the Fullscreen API;
 * - clipboard-sanitized-write: copying a case code (一案一码) or an address.
 * Everything else — camera, microphone (until voice dispatch needs it), geolocation, MIDI, USB/HID/serial, display
 * capture, pointer lock, openExternal, storage access, … — is denied.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications', 'fullscreen', 'clipboard-sanitized-write']);

export interface PermissionQuery {
  permission: string;
  /** The URL of the page (or frame) asking. */
  requestingUrl: string;
  /** Whether the request comes from the top frame of the window. */
  isMainFrame: boolean;
  /** For 'media': which kinds are asked for. */
  mediaTypes?: readonly string[];
}

export function decidePermission(q: PermissionQuery, serverOrigin: string | null): boolean {
  if (!q.isMainFrame) return false;
  if (!sameOrigin(q.requestingUrl, serverOrigin)) return false;
  return ALLOWED_PERMISSIONS.has(q.permission);
}
