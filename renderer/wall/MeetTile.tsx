// A wall tile showing a meeting participant (视频会商上墙): the person's live video, received by this screen alone
// (renderer/meet/watch.ts), labelled with their unit, and what is happening by colour and text — 直播中, 已离会,
// 会议已结束 — never an id. On a console it can be taken off the wall or covered by a camera dropped on it.
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { WallMeetTile } from '../../protocol/index.ts';
import { liveSocket } from '../session/live.ts';
import { useStore } from '../store.ts';
import { watchParticipant, type WatchView } from '../meet/watch.ts';
import { DRAG_CAMERA } from './Tile.tsx';

/** The tile's state class (wall.css colours): live green, waiting blue-grey, left or refused red, ended slate, camera off or cut off amber. */
const STATE_CLASS: Record<WatchView['phase'] | 'disconnected', string> = {
  connecting: 'connecting', live: 'playing', camOff: 'stalled', left: 'offline', ended: 'ended', restart: 'stalled', unavailable: 'unavailable', refused: 'error', offWall: 'ended', disconnected: 'disconnected',
};

export interface MeetTileProps {
  index: number;
  meet: WallMeetTile;
  editable: boolean;
  selected?: boolean;
  style?: React.CSSProperties;
  onSelect?(tile: number): void;
  onAssign?(tile: number, cameraId: number | null): void;
}

export function MeetTile({ index, meet, editable, selected = false, style, onSelect, onAssign }: MeetTileProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLVideoElement>(null);
  const [view, setView] = useState<WatchView>({ phase: 'connecting', stream: null, error: null });
  const connected = useStore((s) => s.conn === 'connected');
  const ended = useStore((s) => {
    const m = s.meetings[meet.meetingId];
    return m?.state === 'ended' || m?.state === 'missed';
  });
  const { meetingId, userId } = meet;

  useEffect(() => {
    const socket = liveSocket();
    if (!socket) return;
    return watchParticipant(socket, meetingId, userId, setView);
  }, [meetingId, userId]);
  useEffect(() => {
    const v = ref.current;
    if (v && v.srcObject !== view.stream) v.srcObject = view.stream;
  }, [view.stream]);

  const phase = ended ? 'ended' : !connected && view.phase !== 'ended' ? 'disconnected' : view.phase;
  const kind = STATE_CLASS[phase];
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    const cam = e.dataTransfer.getData(DRAG_CAMERA);
    if (editable && cam) onAssign?.(index, Number(cam));
  };
  return (
    <div
      className={`tile tile-meet tile-${kind}${selected ? ' tile-selected' : ''}`}
      style={style}
      data-testid="wall-tile"
      data-tile={index}
      data-kind="meet"
      data-state={phase}
      data-selected={selected ? 'true' : undefined}
      onClick={(e) => {
        if (editable && !(e.target as HTMLElement).closest('button')) onSelect?.(index);
      }}
      onDragOver={(e) => editable && e.preventDefault()}
      onDrop={onDrop}
    >
      <video ref={ref} className="tile-video" autoPlay playsInline muted data-testid="wall-meet-video" hidden={phase !== 'live'} />
      <div className="tile-top">
        <span className="tile-name" title={view.error ?? undefined}>
          <span className="tile-index num">{index + 1}</span>
          {t('meet.wallTile.label', { centre: meet.centreName })}
        </span>
        <span className={`tile-state state-${kind}`} data-testid="tile-state" data-state={phase} title={view.error ?? undefined}>
          {t(`meet.wallTile.state.${phase}`)}
        </span>
      </div>
      {editable && (
        <div className="tile-actions">
          <button type="button" className="btn btn-sm" onClick={() => onAssign?.(index, null)} data-testid="tile-clear">
            {t('wall.clear')}
          </button>
        </div>
      )}
    </div>
  );
}
