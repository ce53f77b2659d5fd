// The full-screen wall window (`/wall/<n>`): one physical screen of the centre's wall, nothing else. Electron opens one
// per display; a browser can open it from the console. `?transport=hls|flv` overrides the transport (benchmarks).
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../session/sessionSlice.ts';
import { useStore } from '../store.ts';
import { Clock } from '../ui/Clock.tsx';
import { WallGrid } from './WallGrid.tsx';
import './i18n.ts';
import './wall.css';

/** The screen number of a wall route (1-based), or null if the path is not one. */
export function wallRouteScreen(pathname: string): number | null {
  const m = /^\/wall\/(\d{1,2})\/?$/.exec(pathname);
  return m ? Number(m[1]) : null;
}

export function WallWindow({ session, screen }: { session: Session; screen: number }) {
  const { t } = useTranslation();
  const wall = useStore((s) => s.wall);
  const conn = useStore((s) => s.conn);
  const chosen = useStore((s) => s.wallTransportChoice ?? s.wallDefaultTransport);
  const param = new URLSearchParams(location.search).get('transport');
  const transport = param === 'hls' || param === 'flv' ? param : chosen;
  useEffect(() => {
    document.title = `${t('wall.wallWindow', { n: screen })} · ${session.user.centreName}`;
  }, [screen, session.user.centreName, t]);
  const s = wall?.screens[screen - 1];
  return (
    <div className="wall-window" data-testid="wall-window" data-screen={screen} data-conn={conn}>
      {!wall && <div className="empty">{t('conn.connecting')}</div>}
      {wall && !s && <div className="empty">{t('wall.noScreen', { count: wall.screens.length })}</div>}
      {s && <WallGrid screen={s} screenIndex={screen - 1} transport={transport} editable={false} />}
      <div className="wall-window-badge">
        <span>{t('wall.wallWindow', { n: screen })}</span>
        <Clock />
        {conn !== 'connected' && <span className="state-offline">{t(`conn.${conn}`)}</span>}
      </div>
    </div>
  );
}
