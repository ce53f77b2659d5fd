// The composition root: opens the database, wires the store, workflow, realtime hub, HTTP routes and timers.
import { mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import fastifyStatic from '@fastify/static';
import { apiError, type ErrorCode, type SessionUser, type SnapshotSubject } from '../protocol/index.ts';
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
import { receiptEvents } from './stream/receipts.ts';
import { createStreamCore } from './stream/core.ts';
import { createTicker } from './stream/ticker.ts';
import { createLeases, openLeaseConnection } from './store/leases.ts';
import { wartimeEvents } from './realtime/wartimeEvents.ts';
import { createPresence, type PresenceTracker } from './realtime/presence.ts';
import { createCommandDesk } from './workflow/wartime.ts';
import { registerWartimeRoutes } from './http/wartimeRoutes.ts';
import { registerRoutes } from './http/routes.ts';
import { frameworkErrors, installErrorFormat } from './http/errors.ts';
import { createUserGuard } from './http/guard.ts';
import { registerSecurityHeaders } from './http/securityHeaders.ts';
import { registerIncidentRoutes } from './http/incidents.ts';
import { registerExportRoutes } from './http/exports.ts';
import { registerMap } from './http/map.ts';
import { registerAdminImportRoutes } from './http/adminImport.ts';
import { createCountyImportStore } from './store/countyImport.ts';
import { createCountyImporter } from './workflow/countyImport.ts';
import { createIncidentDesk } from './workflow/incidents.ts';
import { createIntake } from './workflow/intake.ts';
import { IncidentFilter } from '../protocol/index.ts';
import { randomBytes } from 'node:crypto';
import { startMediaService, type MediaService, type MediaUnavailable } from '../media/index.ts';
import { createVideoDesk } from './workflow/video.ts';
import { demoSimulation, seedDemoCameras } from './store/seedCameras.ts';
import { createVideoRealtime } from './realtime/videoEvents.ts';
import { registerVideoRoutes } from './http/video.ts';
import { startRecording } from './http/recording.ts';
import { createRecordingDesk } from './workflow/recording.ts';
import { registerPtzRoutes } from './http/ptz.ts';
import { createPtzDesk } from './workflow/ptz.ts';
import { createPtzPush } from './realtime/ptzEvents.ts';
import { createPlayTokens } from './http/playTokens.ts';
import { createLockout } from './auth/lockout.ts';
import { createLoginFailures } from './store/loginFailures.ts';
import { createUserDesk } from './workflow/users.ts';
import { registerUserRoutes } from './http/users.ts';
import { createSessionEnd, type SessionEnd } from './realtime/sessionEnd.ts';
import { createAlarmDesk } from './workflow/alarms.ts';
import { alarmEvents } from './realtime/alarmEvents.ts';
import { createDutyDesk } from './workflow/duty.ts';
import { builtinSources, disputeSource, wallOfDesk, wartimeOfDesk } from './workflow/dutySources.ts';
import { createDutySourceStore } from './store/dutySources.ts';
import { createHistoryStore } from './store/history.ts';
import { registerDutyRoutes } from './http/duty.ts';
import { dutyEvents } from './realtime/dutyEvents.ts';
import { seedDemoDuty } from './store/seedDuty.ts';
import { createDisputeDesk, DISPUTE_VIEWERS } from './workflow/disputes.ts';
import { registerDisputeRoutes } from './http/disputes.ts';
import { createMediationDesk } from './workflow/mediation.ts';
import { publicDispute, registerMediationRoutes } from './http/mediation.ts';
import { createStatsDesk } from './workflow/stats.ts';
import { registerStatsRoutes } from './http/stats.ts';
import { startJanus, type JanusService, type JanusUnavailable } from '../media/index.ts';
import { createMeetDesk } from './workflow/meet.ts';
import { createMeetRealtime } from './realtime/meetEvents.ts';
import { registerMeetRoutes } from './http/meetRoutes.ts';
import { meetWallOf } from './realtime/meetWall.ts';

/** The incidents a console starts from (the 事件 list and the map): the newest of its area. */
const SNAPSHOT_INCIDENTS = IncidentFilter.parse({ limit: 2000 });

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
  const demoLogins: DemoLogin[] = seedDemo ? await seedDemoCounty(db) : [];
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

  const app = Fastify({ logger: false, bodyLimit: 1 << 20, frameworkErrors });
  installErrorFormat(app, log);
  await registerSecurityHeaders(app);
  // Users, passwords and the end of sessions: the socket side is late-bound like publish (the hub starts below).
  const lockout = createLockout(createLoginFailures(db), () => config.loginLockout);
  let sessionEnd: SessionEnd | null = null;
  const ender = { endToken: (h: string, c: 'AUTH_LOGGED_OUT') => sessionEnd?.endToken(h, c), endUser: (id: number, c: Parameters<SessionEnd['endUser']>[1], except?: string) => sessionEnd?.endUser(id, c, except) };
  await registerRoutes(app, { directory, sessions, authenticate, lockout, sessionEnd: ender, clock, sessionTtlMs: config.sessionTtlMs, loginRateLimit: config.loginRateLimit });
  registerUserRoutes(app, { desk: createUserDesk(db, ledger, sessions, (n) => randomBytes(n)), authenticate, lockout, sessionEnd: ender, clock });
  const requireUser = createUserGuard(authenticate, clock);
  // The hub exists only after routes are declared, so routes publish through this late-bound function.
  const publish: Parameters<typeof createIntake>[2] = (out) => hub.publish(out);
  const intake = createIntake(db, incidents, publish, clock);
  // The dispute flow (先行调解, 分类流转, 督办, 回访): each step also re-sends the case itself through the dispute desk.
  const mediation = createMediationDesk({
    db, outbox, ledger, directory, rules: () => config.disputeFlow,
    announceDispute: (id, now, to) => {
      const row = disputes.store.row(id);
      return row ? outbox.pushAll(to, now, { kind: 'dispute.updated', dispute: disputes.toDispute(row, disputes.store.parties(id)), notice: null }) : [];
    },
  });
  await registerIncidentRoutes(app, {
    db, desk: incidents, intake, publish, requireUser, clock, photoDir: join(dataDir, 'photos'), categories: () => config.incidentCategories,
    publicBaseUrl: () => config.publicBaseUrl ?? url, publicRateLimit: config.publicRateLimit, publicDispute: (code) => publicDispute(mediation, code),
  });
  registerExportRoutes(app, { db, desk: incidents, requireUser, categories: () => config.incidentCategories });
  const disputes = createDisputeDesk({ db, outbox, ledger, directory, incidents, risk: () => config.disputeRisk, random: (n) => randomBytes(n) });
  registerDisputeRoutes(app, { desk: disputes, publish, requireUser, clock, publicBaseUrl: () => config.publicBaseUrl ?? url, centreName: (id) => directory.centreName(id) });
  registerMediationRoutes(app, { desk: mediation, publish, requireUser, clock, countyName: () => directory.centreName(mediation.countyId) });
  registerWartimeRoutes(app, { desk: command, requireUser, clock, countyName: () => directory.centreName(command.countyId), log });
  registerMap(app, { db, config: config.map, dataDir, requireUser, clock, log });
  const stats = createStatsDesk(db, ledger, directory, () => ({ categories: config.incidentCategories, scheme: config.assessment }));
  registerStatsRoutes(app, { desk: stats, requireUser, clock, countyName: () => directory.centreName(directory.countyId()) });
  const alarms = createAlarmDesk(db, outbox, ledger);
  // Desks that keep the centre tree in memory reload it after an import (the incident desk checks areas.version itself).
  registerAdminImportRoutes(app, {
    importer: createCountyImporter(createCountyImportStore(db), ledger), requireUser, clock,
    onImported: () => {
      desk.reloadCentres();
      command.reloadCentres();
      videoDesk.reloadCentres();
      mediation.reloadCentres();
    },
  });
  // Video wall: the camera registry and walls (SQLite), the media service (node-media-server + ffmpeg), signed play links.
  if (seedDemo) seedDemoCameras(db, clock());
  const videoDesk = createVideoDesk(db, ledger, directory);
  const v = { ...config.video, ...(demoCameras !== undefined ? { demoCameras } : {}) };
  const media: MediaService | MediaUnavailable = v.enabled
    ? await startMediaService({
        dataDir, host: v.bind, rtmpPort: v.rtmpPort, httpPort: v.httpPort, clock, log: (m) => log(`[media] ${m}`),
        recordSegmentSec: config.recording.segmentSec,
        settings: { idleGraceMs: v.idleGraceMs, ioTimeoutMs: v.ioTimeoutMs, backoffMinMs: v.backoffMinMs, backoffMaxMs: v.backoffMaxMs, probeEveryMs: v.probeEveryMs, probeBatch: v.probeBatch, hlsSegmentSec: v.hlsSegmentSec },
      })
    : { available: false, reason: 'disabled in config (video.enabled = false)' };
  if (!media.available) log(`video is unavailable: ${media.reason}`);
  const playTokens = createPlayTokens(v.playTokenTtlMs);
  const video = createVideoRealtime({ desk: videoDesk, media, tokens: playTokens, defaultTransport: v.defaultTransport, log });
  const subjectAccess = (u: SessionUser, type: SnapshotSubject, id: number): ErrorCode | null => {
    if (type === 'order') return command.orderAccess(u.centreId, id);
    const r = incidents.get(u, id);
    return r.ok ? null : r.code;
  };
  const videoRoutes = await registerVideoRoutes(app, { desk: videoDesk, media, realtime: video, tokens: playTokens, requireUser, subjectAccess, clock, log });
  app.server.on('upgrade', videoRoutes.upgrade);
  // Recording, playback, 事件回溯 and evidence clips (issue 14).
  const recording = await startRecording(app, {
    desk: createRecordingDesk(db, ledger, directory, videoDesk.store), media, config: config.recording, requireUser, dataDir, clock, log,
    incident: (u, id) => incidents.get(u, id),
    dispute: (u, id) => disputes.get(u, id),
    nearest: () => ({ radiusM: config.map.nearestCameraRadiusM, count: config.map.nearestCameraCount }),
  });
  // The duty desk: roster, handover, log, directory, search and history. Item kinds come in through sources
  // (app/workflow/dutySources.ts); a feature adds its own source to this list.
  if (seedDemo) seedDemoDuty(db, clock(), config.duty.shifts);
  const dutySourceStore = createDutySourceStore(db);
  const dutySources = [
    ...builtinSources({
      store: dutySourceStore, countyId: command.countyId, incidentScope: incidents.scopeOf, categories: () => config.incidentCategories,
      wallOf: wallOfDesk(videoDesk), wartimeOf: wartimeOfDesk(command),
    }),
    disputeSource({ store: dutySourceStore, mayView: (u) => DISPUTE_VIEWERS.includes(u.role), list: (u, q) => disputes.list(u, q) }),
  ];
  const duty = createDutyDesk(db, outbox, ledger, {
    countyId: command.countyId, shifts: () => config.duty.shifts, sources: () => dutySources, centres: () => directory.centres(),
  });
  registerDutyRoutes(app, {
    desk: duty, history: createHistoryStore(db), sources: dutySourceStore, incidentScope: incidents.scopeOf, countyId: command.countyId,
    unitName: (id) => directory.centreName(id), requireUser, clock, log,
  });
  const ptzPush = createPtzPush();
  const ptz = createPtzDesk({ db, ledger, directory, video: videoDesk, media, holdIdleMs: v.ptzHoldIdleMs, clock, emit: ptzPush.emit, log });
  registerPtzRoutes(app, { desk: ptz, requireUser });
  if (media.available && v.demoCameras) {
    const sim = demoSimulation(v.demoCameraKeys);
    media.startDemo(sim.clips, sim.clock, sim.domes, sim.hevc);
  }
  // 一键通 and 视频会商: Janus supervised like the media service; the centre authorises every step (issue 15).
  const meetDesk = createMeetDesk(db, outbox, ledger, directory);
  const janus: JanusService | JanusUnavailable = config.meet.enabled
    ? await startJanus({ dataDir, iceInterfaces: config.meet.iceInterfaces, rtpPortRange: config.meet.rtpPortRange, log: (m) => log(`[meet] ${m}`) })
    : { available: false, reason: 'disabled in config (meet.enabled = false)' };
  if (!janus.available) log(`calls and meetings are unavailable: ${janus.reason}`);
  registerMeetRoutes(app, { desk: meetDesk, requireUser });
  const meet = createMeetRealtime({
    desk: meetDesk, janus, recordingsDir: join(dataDir, 'recordings'), ffmpeg: 'ffmpeg', clock, publish: (out) => hub.publish(out), log,
    wall: meetWallOf(videoDesk, video), userCentre: (id) => directory.user(id),
  });
  video.onWall((w) => meet.wallChanged(w));
  const hasConsole = staticDir !== null && existsSync(join(staticDir, 'index.html'));
  if (hasConsole) await app.register(fastifyStatic, { root: staticDir, wildcard: false });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || !hasConsole) return reply.code(404).send(apiError('NOT_FOUND'));
    return reply.sendFile('index.html'); // client-side routes (/wall/1, …) all load the console
  });

  const stream = createStreamCore({
    outbox,
    retentionDays: () => config.streamRetentionDays,
    snapshot: {
      alerts: ({ user }) => desk.snapshot(user.centreId),
      wartime: ({ user }, now) => command.snapshot(user.centreId, now),
      incidents: ({ user }) => incidents.list(user, SNAPSHOT_INCIDENTS),
      alarms: ({ user }, now) => ({ policy: config.alarmPolicy, acked: alarms.acked(user.centreId, now) }),
      duty: ({ user }, now) => duty.snapshot(user, now),
      disputes: ({ user }) => disputes.snapshot(user),
      disputeFlows: ({ user }) => mediation.snapshot(user),
      meetings: ({ user }, now) => meetDesk.snapshot(user.centreId, now),
    },
    live: {
      wall: (caller, now) => video.live(caller, now),
      presence: ({ user }) => (user.centreId === command.countyId ? (presence?.all() ?? []) : []),
    },
  });
  const hub = createHub(app.server, {
    authenticate,
    features: [
      stream.sockets,
      receiptEvents(db, outbox, [desk.receive, command.receive, mediation.receive], clock, log),
      alertEvents(desk),
      wartimeEvents(command),
      alarmEvents(alarms),
      dutyEvents(duty),
      video.sockets,
      ptzPush.sockets,
      meet.sockets,
    ],
    clock,
    log,
  });

  sessionEnd = createSessionEnd(hub.io, clock);
  presence = createPresence(hub.io, { countyId: command.countyId, lastSeen: command.store.lastSeen(), saveSeen: command.store.saveSeen, clock, log });
  // Timers are rows with due times; the ticker fires what is due on whichever server holds the lease, so it resumes
  // after any restart and runs on one node only when there are several.
  const leaseDb = openLeaseConnection(join(dataDir, 'centre.db'));
  const ticker = createTicker({
    leases: createLeases(leaseDb),
    clock,
    log,
    everyMs: config.timerTickMs,
    jobs: {
      timers: (now) => {
        hub.publish(desk.remindDue(now));
        hub.publish(command.fireDue(now));
        hub.publish(incidents.fireDue(now));
        hub.publish(mediation.fireDue(now));
        hub.publish(meet.fireDue(now));
      },
    },
    hourly: {
      prune: (now) => {
        while (stream.prune(now) > 0);
      },
    },
  });
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
    /** Prunes the outbox now by the retention rule (the ticker does it hourly); returns the envelopes deleted. */
    pruneStream(): number {
      let total = 0;
      for (let n = stream.prune(clock()); n > 0; n = stream.prune(clock())) total += n;
      return total;
    },
    /** The ticker's holder id (its lease rows) and a tick on demand. */
    ticker,
    /** Where the receipt's QR code and the public page point (null: unset, they use `url`; the cli warns). */
    publicBaseUrl: config.publicBaseUrl ?? null,
    /** The video media service (tests, bench, cli): where sources can push, and its state. */
    media,
    /** Recording retention on demand (tests). */
    recording,
    /** Janus (calls and meetings): its state, process, restarts (tests, bench). */
    janus,
    meet,
    /** The socket.io server (tests: what a console's socket holds on the server). */
    io: hub.io,
    async close() {
      if (closed) return;
      closed = true;
      ticker.stop();
      clearInterval(purge);
      recording.close();
      sessionEnd?.stop();
      // Media first: its proxied WS-FLV sockets would otherwise keep the HTTP server from closing.
      ptz.close();
      if (media.available) await media.close().catch((err: unknown) => log('media close failed', err));
      if (janus.available) await janus.close().catch((err: unknown) => log('janus close failed', err));
      await new Promise<void>((resolve) => hub.io.close(() => resolve()));
      await app.close().catch(() => {});
      leaseDb.close();
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
