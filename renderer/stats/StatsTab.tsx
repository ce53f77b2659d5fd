// ECharts is a large bundle: the 统计 view and the big screen load it only when opened (from this server, like everything).
import { Suspense, lazy } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../session/sessionSlice.ts';
import './i18n.ts';

const StatsView = lazy(() => import('./StatsView.tsx').then((m) => ({ default: m.StatsView })));
const Cockpit = lazy(() => import('./Cockpit.tsx').then((m) => ({ default: m.Cockpit })));

export function StatsTab({ session }: { session: Session }) {
  const { t } = useTranslation();
  return (
    <Suspense fallback={<div className="empty">{t('stats.loading')}</div>}>
      <StatsView session={session} />
    </Suspense>
  );
}

export function CockpitScreen({ session }: { session: Session }) {
  return (
    <Suspense fallback={null}>
      <Cockpit session={session} />
    </Suspense>
  );
}

/** `/cockpit` or `/cockpit/<n>` (a screen number for several walls; all show the same). */
export function cockpitRoute(pathname: string): boolean {
  return /^\/cockpit(\/\d{1,2})?\/?$/.test(pathname);
}
