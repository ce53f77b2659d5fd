// The video wall's realtime side: its live state for the stream core's sync, socket events (wall:op, presets,
// video:play) and pushes.
//
// Why the wall is not in the durable per-centre stream (outbox): the wall is shared *state* where the latest version
// wins, not a series of events each of which must be seen. Replaying every layout change and 上墙 to a console that
// was offline would only show it states that are gone, and the outbox would grow with every tile drag. So a change is
// committed (with its ledger entry) and then broadcast to the centre's wall room as the whole new WallState with its
// version; a console (re)connecting gets the current state with every sync (the stream core's live state, `live.wall`). Tours need no messages at all: every
// console computes the visible page from the tour's start time (protocol visibleTiles) with the server clock offset.
// Camera health is the same kind of state: broadcast to the rooms of the consoles whose scope includes the camera.
import type { CameraHealth, Transport, WallState, WallSync } from '../../protocol/index.ts';
import type { MediaService, MediaUnavailable } from '../../media/index.ts';
import type { Actor } from '../domain/access.ts';
import type { VideoDesk, VideoEffects } from '../workflow/video.ts';
import type { PlayTokens } from '../http/playTokens.ts';
import type { PlayedStream } from '../domain/streams.ts';
import { fail, type Caller, type FeatureSockets, type HubServer } from './hub.ts';

export const wallRoom = (centreId: number) => `wall:${centreId}`;
export const ALL_CAMERAS_ROOM = 'cams:all';
export const townshipCamerasRoom = (townshipId: number) => `cams:t:${townshipId}`;

export interface VideoRealtimeDeps {
  desk: VideoDesk;
  media: MediaService | MediaUnavailable;
  tokens: PlayTokens;
  defaultTransport: Transport;
  log: (msg: string, err?: unknown) => void;
}

/** The media path of a camera's stream: `<id>` for the main one, `<id>-sub`, `<id>-h264` (the transcode). */
export function playUrl(cameraId: number, transport: Transport, token: string, stream: PlayedStream = 'main'): string {
  const t = encodeURIComponent(token);
  const path = `${cameraId}${stream === 'main' ? '' : stream === 'sub' ? '-sub' : '-h264'}`;
  return transport === 'flv' ? `/media/flv/${path}.flv?t=${t}` : `/media/hls/${path}/index.m3u8?t=${t}`;
}

export function createVideoRealtime(deps: VideoRealtimeDeps) {
  const { desk, media } = deps;
  let io: HubServer | null = null;
  const cameraRooms = (townshipId: number) => [ALL_CAMERAS_ROOM, townshipCamerasRoom(townshipId)];

  /** Who follows every wall change (the meetings: who the wall shows of each). */
  const wallListeners: ((w: WallState) => void)[] = [];
  /** Applies a committed change's effects: the media service's sources first, then the pushes. */
  const apply = (effects: VideoEffects): void => {
    if (media.available) {
      for (const s of effects.sources) media.upsertSource(s.id, s.sourceUrl, { subSourceUrl: s.subSourceUrl, onvifUrl: s.onvifUrl });
      for (const id of effects.removedSources) media.removeSource(id);
    }
    for (const w of effects.walls) for (const l of wallListeners) l(w);
    if (!io) return;
    for (const w of effects.walls) io.to(wallRoom(w.centreId)).emit('wall', w);
    for (const p of effects.presets) io.to(wallRoom(p.centreId)).emit('wall:presets', p.presets);
    for (const c of effects.cameras) io.to(cameraRooms(c.townshipId)).emit('camera', c);
    for (const r of effects.removedCameras) io.to(cameraRooms(r.townshipId)).emit('camera:removed', { id: r.id });
  };

  if (media.available) {
    media.setSources(desk.sources(), desk.initialHealth());
    media.onHealth((id: number, health: CameraHealth) => {
      try {
        desk.saveHealth(id, health);
      } catch (err) {
        deps.log('saving camera health failed', err);
      }
      const townshipId = desk.cameraTownship(id);
      if (townshipId !== null) io?.to(cameraRooms(townshipId)).emit('camera:health', { id, health });
    });
    media.onCodec((id, codec) => {
      try {
        const effects = desk.codecSeen(id, codec);
        if (effects) apply(effects);
      } catch (err) {
        deps.log('saving a camera codec failed', err);
      }
    });
  }

  /** The wall's starting state for a console (every sync), joining it to the wall and camera rooms for the pushes. */
  const live = (caller: Caller, now: number): WallSync | null => {
    const { actor, join } = caller;
    const r = desk.wallSync(actor, now);
    if (!r.ok) return null;
    join(wallRoom(actor.centreId));
    const scope = desk.scopeOf(actor.centreId);
    join(scope.all ? ALL_CAMERAS_ROOM : townshipCamerasRoom(scope.townshipId));
    return { ...r.value, serverNow: now, defaultTransport: deps.defaultTransport, mediaAvailable: media.available };
  };

  const sockets: FeatureSockets = ({ handle }, _publish, hubIo) => {
    io = hubIo;

    handle('wall:op', (op, now, { actor }) => {
      const r = desk.wallOp(actor, op, now);
      if (!r.ok) return fail(r.code, r.details);
      apply(r.effects);
      return { ok: true, data: r.value };
    });

    handle('wall:preset:save', (req, now, { actor }) => {
      const r = desk.savePreset(actor, req.name, req.screen, now);
      if (!r.ok) return fail(r.code, r.details);
      apply(r.effects);
      return { ok: true, data: r.value };
    });

    handle('wall:preset:delete', (req, now, { actor }) => {
      const r = desk.deletePreset(actor, req.presetId, now);
      if (!r.ok) return fail(r.code, r.details);
      apply(r.effects);
      return { ok: true, data: null };
    });

    handle('video:play', (req, now, { actor }) => {
      if (!media.available) return fail('MEDIA_UNAVAILABLE');
      const denied = desk.mayWatchCamera(actor, req.cameraId);
      if (denied) return fail(denied);
      const stream = desk.streamFor(req.cameraId, req.stream, req.hevc, media);
      // Not probed yet: find its codec now; an H.265 camera's tiles then switch to the transcode (the camera push).
      if (desk.store.cameraRow(req.cameraId)?.codec == null) void media.probe(req.cameraId).catch(() => {});
      // Start the pull now: by the time the player connects, the stream is on its way.
      media.demand(req.cameraId, req.transport, stream);
      const { token, expiresAt } = deps.tokens.sign({ cameraId: req.cameraId, transport: req.transport, userId: actor.id }, now);
      return { ok: true, data: { cameraId: req.cameraId, transport: req.transport, url: playUrl(req.cameraId, req.transport, token, stream), token, expiresAt, stream } };
    });
  };

  return { sockets, live, apply, onWall: (l: (w: WallState) => void) => void wallListeners.push(l) };
}
export type VideoRealtime = ReturnType<typeof createVideoRealtime>;

export const actorOf = (u: { id: number; role: Actor['role']; centreId: number; centreLevel: Actor['centreLevel'] }): Actor => ({
  id: u.id, role: u.role, centreId: u.centreId, centreLevel: u.centreLevel,
});
