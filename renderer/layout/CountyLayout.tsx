import { useTranslation } from 'react-i18next';
import { AlertFeed } from '../alerts/AlertFeed.tsx';
import { Overview } from '../alerts/Overview.tsx';
import { RaiseForm } from '../alerts/RaiseForm.tsx';
import type { Session } from '../session/sessionSlice.ts';
import { Header } from './Header.tsx';

/** County centre (duty officers, commander): raise alerts on the left, the live feed with every township's state. */
export function CountyLayout({ session }: { session: Session }) {
  const { t } = useTranslation();
  return (
    <div className="shell" data-layout="county">
      <Header user={session.user} />
      <div className="body">
        <aside className="sidebar">
          <div className="panel-head">
            <span>{t('overview.title')}</span>
          </div>
          <Overview />
          <div className="panel-head">
            <span id="raise-heading">{t('raise.title')}</span>
          </div>
          <RaiseForm user={session.user} token={session.token} />
        </aside>
        <main className="main">
          <AlertFeed />
        </main>
      </div>
    </div>
  );
}
