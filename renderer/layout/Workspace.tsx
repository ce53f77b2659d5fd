import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../session/sessionSlice.ts';
import { viewsFor, type ConsoleKind } from './views.tsx';

const hashView = () => decodeURIComponent(location.hash.replace(/^#/, ''));

/** Tabs over the views this console may show; the open view follows the URL hash. */
export function Workspace({ session, kind }: { session: Session; kind: ConsoleKind }) {
  const { t } = useTranslation();
  const views = viewsFor(kind, session.user.role);
  const [current, setCurrent] = useState(hashView);
  useEffect(() => {
    const onHash = () => setCurrent(hashView());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const active = views.find((v) => v.id === current) ?? views[0];
  if (!active) return null;
  return (
    <div className="workspace">
      {views.length > 1 && (
        <nav className="tabs" role="tablist">
          {views.map((v) => (
            <a key={v.id} href={`#${v.id}`} role="tab" aria-selected={v === active} className="tab" data-testid={`tab-${v.id}`}>
              {t(v.label)}
            </a>
          ))}
        </nav>
      )}
      <div className="workspace-view" data-view={active.id}>
        {active.render(session)}
      </div>
    </div>
  );
}
