// The map's HTTP edge: the style JSON, the scoped boundaries and grids, the view of the user's area, and basemap tiles.
// Everything a console's map loads comes from here (docs/architecture.md, "Map": nothing depends on the internet).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { MapView } from '../../protocol/map.ts';
import type { Role, SessionUser } from '../../protocol/index.ts';
import { buildStyle } from '../domain/mapStyle.ts';
import type { Db } from '../store/db.ts';
import { createMapData, type MapData, type MapScope } from '../store/mapData.ts';
import { sendError, type UserGuard } from './guard.ts';
import { createBasemap, type Basemap } from './basemap.ts';
import type { MapConfig } from './mapConfig.ts';

/** The composition root's one call: the map's data, its basemap and its routes (closed with the app). */
export function registerMap(app: FastifyInstance, o: { db: Db; config: MapConfig; dataDir: string; requireUser: UserGuard; clock: () => number; log: MapRouteDeps['log'] }) {
  const basemap = createBasemap(o.config.basemap, o.dataDir);
  app.addHook('onClose', async () => {
    await basemap?.close();
  });
  registerMapRoutes(app, { mapData: createMapData(o.db), basemap, config: () => o.config, requireUser: o.requireUser, clock: o.clock, log: o.log });
}

export interface MapRouteDeps {
  mapData: MapData;
  basemap: Basemap | null;
  config: () => MapConfig;
  requireUser: UserGuard;
  clock: () => number;
  log: (msg: string, err?: unknown) => void;
}

/** Those who call grid members get their phones on the map; nobody else does. */
const PHONE_ROLES: readonly Role[] = ['dutyOfficer', 'commander', 'admin', 'townshipOperator'];

/** What of the map a user may see (see MapScope). */
export function mapScopeOf(user: SessionUser): MapScope {
  return {
    centreId: user.centreId,
    level: user.centreLevel,
    ...(user.role === 'gridMember' ? { memberId: user.id } : {}),
    phones: PHONE_ROLES.includes(user.role),
  };
}

const TileParams = z.object({
  z: z.coerce.number().int().min(0).max(24),
  x: z.coerce.number().int().min(0),
  y: z.coerce.number().int().min(0),
});

/** The origin the console used to reach us, so every URL in the style points back at this server. */
function originOf(req: FastifyRequest): string {
  const host = req.headers.host ?? `${req.hostname}`;
  return `${req.protocol}://${host}`;
}

export function registerMapRoutes(app: FastifyInstance, d: MapRouteDeps) {
  const NONE = { kind: 'none', tileType: null, attribution: '', minzoom: 0, maxzoom: 18, tileSize: 256, vectorLayers: [] as string[] } as const;
  const basemapInfo = async () => {
    if (!d.basemap) return NONE;
    try {
      return await d.basemap.info();
    } catch (err) {
      d.log('basemap unavailable', err);
      return NONE;
    }
  };

  const sendJson = (req: FastifyRequest, reply: FastifyReply, etag: string, body: unknown) => {
    const tag = `"${etag}"`;
    void reply.header('etag', tag).header('cache-control', 'private, no-cache');
    if (req.headers['if-none-match'] === tag) return reply.code(304).send();
    return reply.type('application/json; charset=utf-8').send(typeof body === 'string' ? body : JSON.stringify(body));
  };

  app.get('/api/map/view', async (req, reply) => {
    const user = d.requireUser(req, reply);
    if (!user) return reply;
    const scoped = d.mapData.forScope(mapScopeOf(user), d.clock());
    if (!scoped.bounds) return sendError(reply, 'NOT_FOUND');
    const info = await basemapInfo();
    const cfg = d.config();
    const view: MapView = {
      centreId: user.centreId,
      level: user.centreLevel,
      name: scoped.name,
      bounds: scoped.bounds,
      styleUrl: `${originOf(req)}/api/map/style.json?v=${scoped.version}`,
      nearestCameras: { radiusM: cfg.nearestCameraRadiusM, count: cfg.nearestCameraCount },
      basemap: { kind: info.kind, tileType: info.tileType, attribution: info.attribution },
    };
    return view;
  });

  // The style names no data, only URLs back to this server; it is the same for every user.
  app.get('/api/map/style.json', async (req, reply) => {
    const version = d.mapData.forScope({ centreId: 0, level: 'county' }, d.clock()).version;
    const info = await basemapInfo();
    const style = buildStyle({ origin: originOf(req), basemap: info, version });
    return sendJson(req, reply, `${version}-${info.kind}-${originOf(req)}`, style);
  });

  const scopedJson = (pick: 'areas' | 'grids') => async (req: FastifyRequest, reply: FastifyReply) => {
    const user = d.requireUser(req, reply);
    if (!user) return reply;
    const scope = mapScopeOf(user);
    const scoped = d.mapData.forScope(scope, d.clock());
    return sendJson(req, reply, `${scoped.version}-${user.centreId}-${scope.memberId ?? ''}-${scope.phones ? 'p' : ''}-${pick}`, scoped[pick]);
  };
  app.get('/api/map/areas.geojson', scopedJson('areas'));
  app.get('/api/map/grids.geojson', scopedJson('grids'));

  app.get('/api/map/basemap/:z/:x/:y', async (req, reply) => {
    if (!d.requireUser(req, reply)) return reply;
    const p = TileParams.safeParse(req.params);
    if (!p.success || p.data.x >= 2 ** p.data.z || p.data.y >= 2 ** p.data.z) return sendError(reply, 'BAD_REQUEST');
    if (!d.basemap) return sendError(reply, 'NOT_FOUND');
    try {
      const tile = await d.basemap.tile(p.data.z, p.data.x, p.data.y);
      if (!tile) return reply.code(204).send();
      return reply.header('cache-control', 'private, max-age=3600').type(tile.contentType).send(Buffer.from(tile.data));
    } catch (err) {
      d.log('basemap tile failed', err);
      return reply.code(502).send({ code: 'INTERNAL', message: '底图服务不可用', messageEn: 'The basemap server is unavailable' });
    }
  });
}
