import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unlockAudioOnGesture } from './alerts/sound.ts';
import { CountyLayout } from './layout/CountyLayout.tsx';
import { TownshipLayout } from './layout/TownshipLayout.tsx';
import { isTownshipConsole, startLive } from './session/live.ts';
import { LoginPage } from './session/LoginPage.tsx';
import type { Session } from './session/sessionSlice.ts';
import { useStore } from './store.ts';
import { ReportPage } from './report/ReportPage.tsx';
import { WallWindow, wallRouteScreen } from './wall/WallWindow.tsx';
import { ForcedPasswordChange } from './users/PasswordForm.tsx';
import { CockpitScreen, cockpitRoute } from './stats/StatsTab.tsx';

export function App() {
  const session = useStore((s) => s.session);
  const { t } = useTranslation();
  useEffect(() => unlockAudioOnGesture(), []);
  useEffect(() => {
    if (!session) document.title = t('app.name');
  }, [session, t]);
  if (!session) return <LoginPage />;
  // A one-time password: nothing else (no socket, no data) until it is changed.
  if (session.user.mustChangePassword) return <ForcedPasswordChange session={session} />;
  // Keyed by token and centre: a new login gets a fresh connection and stream.
  return <LiveConsole key={`${session.token}:${session.user.centreId}`} session={session} />;
}

function LiveConsole({ session }: { session: Session }) {
  // Connect once per login (the component is keyed by token); user refreshes from /api/me do not reconnect.
  const [atLogin] = useState(session);
  useEffect(() => startLive(atLogin), [atLogin]);
  const { user } = session;
  if (user.role === 'gridMember') return <ReportPage session={session} />;
  const wallScreen = wallRouteScreen(location.pathname);
  if (wallScreen !== null) return <WallWindow session={session} screen={wallScreen} />;
  if (cockpitRoute(location.pathname) && user.centreLevel === 'county') return <CockpitScreen session={session} />;
  return isTownshipConsole(user) ? <TownshipLayout session={session} /> : <CountyLayout session={session} />;
}
