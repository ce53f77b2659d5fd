// One stream of a tile: a <video> with its own player. A tile holds one while it plays and a second while it switches
// between a camera's main and sub stream: the new one plays underneath and takes the old one's place only when its
// first frame is on screen, so the switch shows no black (WallGrid decides which stream a tile asks for).
import { useEffect, useRef } from 'react';
import { apiError, type PlayGrant, type Reply, type StreamVariant, type Transport } from '../../protocol/index.ts';
import { request } from '../net/socket.ts';
import { liveSocket } from '../session/live.ts';
import type { PlayerPhase } from './model.ts';
import { TilePlayer } from './player.ts';
import { consoleDecodesHevc } from './streamChoice.ts';

export type PlayedStream = NonNullable<PlayGrant['stream']>;

export interface TileVideoProps {
  cameraId: number;
  transport: Transport;
  stream: StreamVariant;
  /** On top and reporting; false while it is the incoming stream of a switch. */
  visible: boolean;
  mediaAvailable: boolean;
  /** Incremented to reconnect now (the camera or the centre is back). */
  kick: number;
  onPhase(phase: PlayerPhase): void;
  /** The first frame is presented (ms since the player asked for its link). */
  onFirstFrame(ms: number): void;
  /** What the server grants: main, sub, or the H.264 transcode of an H.265 camera. */
  onPlayed(stream: PlayedStream): void;
}

export function TileVideo(p: TileVideoProps) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const playerRef = useRef<TilePlayer | null>(null);
  const props = useRef(p);
  props.current = p;
  const played = useRef<PlayedStream | null>(null);

  useEffect(() => {
    const video = videoRef.current;
    if (!p.mediaAvailable || !video) return;
    const grant = async (cameraId: number, transport: Transport): Promise<Reply<PlayGrant>> => {
      const socket = liveSocket();
      if (!socket) return { ok: false, error: apiError('INTERNAL') };
      const r = await request(socket, 'video:play', { cameraId, transport, stream: props.current.stream, hevc: consoleDecodesHevc() });
      if (r.ok) {
        played.current = r.data.stream ?? 'main';
        if (props.current.visible) props.current.onPlayed(played.current);
      }
      return r;
    };
    const player = new TilePlayer({
      video,
      cameraId: p.cameraId,
      transport: p.transport,
      grant,
      onPhase: (phase) => props.current.visible && props.current.onPhase(phase),
      onFirstFrame: (ms) => props.current.onFirstFrame(ms),
    });
    playerRef.current = player;
    player.start();
    return () => {
      player.destroy();
      playerRef.current = null;
    };
    // One player per stream: the key of this component changes with camera, transport and stream.
  }, [p.mediaAvailable]);

  // Promoted from incoming to shown: report what it is doing.
  useEffect(() => {
    if (!p.visible) return;
    if (playerRef.current) props.current.onPhase(playerRef.current.phase);
    if (played.current) props.current.onPlayed(played.current);
  }, [p.visible]);

  useEffect(() => {
    if (p.kick > 0) playerRef.current?.kick();
  }, [p.kick]);

  return (
    <video
      ref={videoRef}
      className={`tile-video${p.visible ? '' : ' tile-video-next'}`}
      muted
      playsInline
      autoPlay
      data-testid={p.visible ? 'tile-video' : 'tile-video-next'}
      data-stream={p.stream}
    />
  );
}
