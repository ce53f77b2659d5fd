// Security headers on every response (the console, the wall, the API, photos): a <meta> CSP cannot stop framing and
// does not cover what is not HTML, so the policy is sent as headers, by fastify's maintained helmet plugin.
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * What the console needs and nothing more: its own scripts (no inline, no eval); inline style attributes (React, the
 * map and video libraries set them); images from data:/blob: (snapshots, map icons); socket.io and WS-FLV on this origin
 * ('self' covers ws: to the same host); MediaSource blob: URLs for mpegts.js and hls.js; maplibre's worker from this
 * origin (the players run without workers). No plugins, no frames, and no site may frame any page of ours.
 */
export const CONSOLE_CSP: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'media-src': ["'self'", 'blob:'],
  'worker-src': ["'self'"],
  'manifest-src': ["'self'"],
  'frame-src': ["'none'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    // No helmet defaults: they add upgrade-insecure-requests, which would send a plain-HTTP LAN console to https.
    contentSecurityPolicy: { useDefaults: false, directives: CONSOLE_CSP },
    frameguard: { action: 'deny' },
    // Transport security is the TLS proxy's to declare (the centre server itself speaks plain HTTP inside the network).
    strictTransportSecurity: false,
  });
}
