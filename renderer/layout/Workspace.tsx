import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../session/sessionSlice.ts';
import { viewsFor, type ConsoleKind } from './views.tsx';

const hashView = () => decodeURIComponent(location.hash.replace(/^#/, ''));

/** Tabs over the views this console may show; the open view follows the URL hash. */
export function Workspace({ session, kind }: { session: Session; kind: ConsoleKind }) {
  const { t } = useTranslation();
  const views = viewsFor(kind);
  const [current, setCurrent] = useState(hashView);
  useEffect(() => {
    const onHash = () => setCurrent(hashView());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const active = views.find((v) => v.id === current) ?? views[0];
  // Views that keep running once opened (the wall's players): hidden, not unmounted, when another tab is shown.
  const [kept, setKept] = useState<ReadonlySet<string>>(() => new Set());
  useEffect(() => {
    if (active?.keepMounted && !kept.has(active.id)) setKept(new Set([...kept, active.id]));
  }, [active, kept]);
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
      {views.map((v) =>
        v === active ? (
          <div key={v.id} className="workspace-view" data-view={v.id}>
            {v.render(session)}
          </div>
        ) : v.keepMounted && kept.has(v.id) ? (
          <div key={v.id} className="workspace-view" data-view={v.id} data-hidden="true" style={{ display: 'none' }}>
            {v.render(session)}
          </div>
        ) : null,
      )}
    </div>
  );
}
