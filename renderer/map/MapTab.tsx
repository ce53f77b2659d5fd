// The map tab: maplibre is a large bundle, so it loads only when the map is opened (from this server, like everything).
import { Suspense, lazy } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../session/sessionSlice.ts';

const MapScreen = lazy(() => import('./MapScreen.tsx').then((m) => ({ default: m.MapScreen })));

export function MapTab({ session }: { session: Session }) {
  const { t } = useTranslation();
  return (
    <Suspense fallback={<div className="empty">{t('map.loading')}</div>}>
      <MapScreen session={session} />
    </Suspense>
  );
}
