// One screen of the wall laid out as a CSS grid (n×n, or one big tile with small ones), following its tour if it has one.
import { useEffect, useState } from 'react';
import { msToNextTourPage, visibleMeetTiles, visibleTiles, type Transport, type WallScreen } from '../../protocol/index.ts';
import { useStore } from '../store.ts';
import { layoutGrid } from './model.ts';
import { Tile } from './Tile.tsx';
import { MeetTile } from './MeetTile.tsx';
import { tileStream } from './streamChoice.ts';

export interface WallGridProps {
  screen: WallScreen;
  screenIndex: number;
  transport: Transport;
  editable: boolean;
  selectedTile?: number | null;
  onSelect?(tile: number): void;
  onAssign?(tile: number, cameraId: number | null): void;
  onSwap?(from: number, to: number): void;
}

/** The server's clock now (tours are paged by it), re-rendering at each tour page change. */
export function useTourClock(screen: WallScreen): number {
  const offset = useStore((s) => s.wallClockOffset);
  const [now, setNow] = useState(() => Date.now() + offset);
  useEffect(() => {
    setNow(Date.now() + offset);
    if (!screen.tour) return;
    let timer: ReturnType<typeof setTimeout>;
    const schedule = () => {
      const wait = msToNextTourPage(screen, Date.now() + offset) ?? 1000;
      timer = setTimeout(() => {
        setNow(Date.now() + offset);
        schedule();
      }, wait + 20);
    };
    schedule();
    return () => clearTimeout(timer);
  }, [screen, offset]);
  return now;
}

export function WallGrid({ screen, screenIndex, transport, editable, selectedTile = null, onSelect, onAssign, onSwap }: WallGridProps) {
  const now = useTourClock(screen);
  const tiles = visibleTiles(screen, now);
  const meet = visibleMeetTiles(screen);
  const grid = layoutGrid(screen.layout);
  return (
    <div
      className="wall-grid"
      data-testid="wall-grid"
      data-screen={screenIndex}
      data-layout={screen.layout}
      style={{ gridTemplateColumns: `repeat(${grid.cols}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${grid.rows}, minmax(0, 1fr))` }}
    >
      {grid.areas.map((a, i) => {
        const style = { gridRow: `${a.row} / span ${a.rowSpan}`, gridColumn: `${a.col} / span ${a.colSpan}` };
        const m = meet[i];
        if (m) return <MeetTile key={`m${i}`} index={i} meet={m} editable={editable} selected={selectedTile === i} onSelect={onSelect} onAssign={onAssign} style={style} />;
        return (
          <Tile
            key={i}
            index={i}
            cameraId={tiles[i] ?? null}
            transport={transport}
            stream={tileStream(screen.layout, i)}
            editable={editable}
            selected={selectedTile === i}
            onSelect={onSelect}
            onAssign={onAssign}
            onSwap={onSwap}
            style={style}
          />
        );
      })}
    </div>
  );
}
