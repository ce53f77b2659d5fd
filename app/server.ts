// The composition root: opens the database, wires the store, workflow, realtime hub, HTTP routes and timers.
import { mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import fastifyStatic from '@fastify/static';
import { apiError } from '../protocol/index.ts';
import { ServerConfig, loadConfigFile, type ServerConfigInput } from './config.ts';
import { createAuthenticator } from './auth/authenticate.ts';
import { openDatabase, type Db } from './store/db.ts';
import { createFirstAdministrator, FIRST_ADMIN_USERNAME, needsFirstAdministrator } from './store/firstRun.ts';
import { hashPassword } from './auth/password.ts';
import { createDirectory } from './store/directory.ts';
import { createLedger } from './store/ledger.ts';
import { createOutbox } from './store/outbox.ts';
import { createSessions } from './store/sessions.ts';
import { seedDemoCounty, type DemoLogin } from './store/seed.ts';
import { createAlertDesk } from './workflow/alerts.ts';
import { createHub } from './realtime/hub.ts';
import { alertEvents } from './realtime/alertEvents.ts';
import { receiptEvents } from './realtime/receipts.ts';
import { wartimeEvents } from './realtime/wartimeEvents.ts';
import { createPresence, type PresenceTracker } from './realtime/presence.ts';
import { createCommandDesk } from './workflow/wartime.ts';
import { registerWartimeRoutes } from './http/wartimeRoutes.ts';
import { registerRoutes, sendError } from './http/routes.ts';
import { createUserGuard } from './http/guard.ts';
import { registerIncidentRoutes } from './http/incidents.ts';
import { registerExportRoutes } from './http/exports.ts';
import { registerMap } from './http/map.ts';
import { registerAdminImportRoutes } from './http/adminImport.ts';
import { createCountyImportStore } from './store/countyImport.ts';
import { createCountyImporter } from './workflow/countyImport.ts';
import { createIncidentDesk } from './workflow/incidents.ts';
import { createIntake } from './workflow/intake.ts';
import { randomBytes } from 'node:crypto';
import { startMediaService, type MediaService, type MediaUnavailable } from '../media/index.ts';
import { createVideoDesk } from './workflow/video.ts';
import { seedDemoCameras, DEMO_CAMERAS, DEMO_CLOCK_CAMERA } from './store/seedCameras.ts';
import { createVideoRealtime } from './realtime/videoEvents.ts';
import { registerVideoRoutes } from './http/video.ts';
import { createPlayTokens } from './http/playTokens.ts';

export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../dist/renderer/', import.meta.url));

export interface StartOptions extends ServerConfigInput {
  dataDir: string;
  /** Seed the demo county into an empty database (default false: an empty database gets one administrator instead). */
  seedDemo?: boolean;
  /** The first administrator's password on an empty database; without it one is generated, returned once in
   *  `firstRun` and must be changed at first login. */
  firstAdminPassword?: string;
  /** Where the built console is; null serves no console. */
  staticDir?: string | null;
  /** Run the simulated demo cameras (overrides config video.demoCameras; `npm start` turns it on). */
  demoCameras?: boolean;
  clock?: () => number;
  log?: (msg: string, err?: unknown) => void;
}

export async function startCentreServer(options: StartOptions) {
  const { dataDir, seedDemo = false, firstAdminPassword, staticDir = DEFAULT_STATIC_DIR, clock = Date.now, log = defaultLog, demoCameras, ...overrides } = options;
  mkdirSync(dataDir, { recursive: true });
  const config = ServerConfig.parse({ ...loadConfigFile(dataDir), ...overrides });

  const db = openDatabase(join(dataDir, 'centre.db'));
  const demoLogins: DemoLogin[] = seedDemo ? seedDemoCounty(db) : [];
  const firstRun = seedDemo ? null : createFirstRun(db, firstAdminPassword);
  const directory = createDirectory(db);
  const sessions = createSessions(db);
  const ledger = createLedger(db);
  const outbox = createOutbox(db);
  const desk = createAlertDesk(db, outbox, ledger, directory, () => config.ackDeadlinesMs);
  const command = createCommandDesk(db, outbox, ledger, directory, () => config.wartime);
  let presence: PresenceTracker | null = null;
  const authenticate = createAuthenticator(sessions, directory);
  const incidents = createIncidentDesk(db, outbox, ledger, directory, () => ({
    deadlines: config.incidentDeadlines, categories: config.incidentCategories, duplicate: config.duplicateRule,
  }), (n) => randomBytes(n));

  const app = Fastify({ logger: false, bodyLimit: 1 << 20 });
  app.setErrorHandler((err: { statusCode?: number }, req, reply) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) log('http request failed', err);
    if (status === 429) return reply.code(429).send(err);
    // Only photo uploads take non-JSON bodies: a wrong type or an oversize body there is a photo problem.
    if ((status === 413 || status === 415) && req.url.startsWith('/api/photos')) return sendError(reply, 'PHOTO_INVALID');
    return sendError(reply, status < 500 ? 'BAD_REQUEST' : 'INTERNAL');
  });
  await registerRoutes(app, { directory, sessions, authenticate, clock, sessionTtlMs: config.sessionTtlMs, loginRateLimit: config.loginRateLimit });
  const requireUser = createUserGuard(authenticate, clock);
  // The hub exists only after routes are declared, so routes publish through this late-bound function.
  const publish: Parameters<typeof createIntake>[2] = (out) => hub.publish(out);
  const intake = createIntake(db, incidents, publish, clock);
  await registerIncidentRoutes(app, {
    db, desk: incidents, intake, publish, requireUser, clock, photoDir: join(dataDir, 'photos'), categories: () => config.incidentCategories,
    publicBaseUrl: () => config.publicBaseUrl ?? url, publicRateLimit: config.publicRateLimit,
  });
  registerExportRoutes(app, { db, desk: incidents, requireUser, categories: () => config.incidentCategories });
  registerWartimeRoutes(app, { desk: command, requireUser, clock, countyName: () => directory.centreName(command.countyId), log });
  registerMap(app, { db, config: config.map, dataDir, requireUser, clock, log });
  // Desks that keep the centre tree in memory reload it after an import (the incident desk checks areas.version itself).
  registerAdminImportRoutes(app, {
    importer: createCountyImporter(createCountyImportStore(db), ledger), requireUser, clock,
    onImported: () => {
      desk.reloadCentres();
      command.reloadCentres();
      videoDesk.reloadCentres();
    },
  });
  // Video wall: the camera registry and walls (SQLite), the media service (node-media-server + ffmpeg), signed play links.
  if (seedDemo) seedDemoCameras(db, clock());
  const videoDesk = createVideoDesk(db, ledger, directory);
  const v = { ...config.video, ...(demoCameras !== undefined ? { demoCameras } : {}) };
  const media: MediaService | MediaUnavailable = v.enabled
    ? await startMediaService({
        dataDir, host: v.bind, rtmpPort: v.rtmpPort, httpPort: v.httpPort, clock, log: (m) => log(`[media] ${m}`),
        settings: { idleGraceMs: v.idleGraceMs, ioTimeoutMs: v.ioTimeoutMs, backoffMinMs: v.backoffMinMs, backoffMaxMs: v.backoffMaxMs, probeEveryMs: v.probeEveryMs, probeBatch: v.probeBatch, hlsSegmentSec: v.hlsSegmentSec },
      })
    : { available: false, reason: 'disabled in config (video.enabled = false)' };
  if (!media.available) log(`video is unavailable: ${media.reason}`);
  const playTokens = createPlayTokens(v.playTokenTtlMs);
  const video = createVideoRealtime({ desk: videoDesk, media, tokens: playTokens, defaultTransport: v.defaultTransport, log });
  const videoRoutes = await registerVideoRoutes(app, { desk: videoDesk, media, realtime: video, tokens: playTokens, requireUser, clock, log });
  app.server.on('upgrade', videoRoutes.upgrade);
  if (media.available && v.demoCameras) media.startDemo(DEMO_CAMERAS, DEMO_CLOCK_CAMERA);
  const hasConsole = staticDir !== null && existsSync(join(staticDir, 'index.html'));
  if (hasConsole) await app.register(fastifyStatic, { root: staticDir, wildcard: false });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || !hasConsole) return reply.code(404).send(apiError('NOT_FOUND'));
    return reply.sendFile('index.html'); // client-side routes (/wall/1, …) all load the console
  });

  const hub = createHub(app.server, { authenticate, sync: desk.sync, features: [receiptEvents([desk.receive, command.receive], clock, log), alertEvents(desk), wartimeEvents(command, () => presence), video.feature], clock, log });

  presence = createPresence(hub.io, { countyId: command.countyId, lastSeen: command.store.lastSeen(), saveSeen: command.store.saveSeen, clock, log });
  // Timers are rows with due times; this loop only looks at what is due, so it resumes after any restart.
  const tick = () => {
    try {
      const now = clock();
      hub.publish(desk.escalateDue(now));
      hub.publish(command.fireDue(now));
      hub.publish(incidents.fireDue(now));
    } catch (err) {
      log('timer tick failed', err);
    }
  };
  tick();
  const timer = setInterval(tick, config.timerTickMs);
  const purge = setInterval(() => sessions.purge(clock()), 3600_000);

  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;

  let closed = false;
  return {
    url,
    port,
    db,
    ledger,
    demoLogins,
    /** Set when this start created the first administrator; `password` only when it was generated (print it once). */
    firstRun,
    hasConsole,
    /** The video media service (tests, bench, cli): where sources can push, and its state. */
    media,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      clearInterval(purge);
      // Media first: its proxied WS-FLV sockets would otherwise keep the HTTP server from closing.
      if (media.available) await media.close().catch((err: unknown) => log('media close failed', err));
      await new Promise<void>((resolve) => hub.io.close(() => resolve()));
      await app.close().catch(() => {});
      db.close();
    },
  };
}
export type CentreServer = Awaited<ReturnType<typeof startCentreServer>>;

function createFirstRun(db: Db, given: string | undefined): { username: string; password: string | null } | null {
  if (!needsFirstAdministrator(db)) return null;
  const password = given ?? randomBytes(12).toString('base64url');
  return createFirstAdministrator(db, hashPassword(password), given === undefined) ? { username: FIRST_ADMIN_USERNAME, password: given === undefined ? password : null } : null;
}

function defaultLog(msg: string, err?: unknown) {
  console.error(`[centre] ${msg}`, err ?? '');
}
