import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../session/sessionSlice.ts';
import { useQueue } from '../queue/useQueue.ts';
import { useStore } from '../store.ts';
import { QUEUE_VIEW, viewsFor, type ConsoleKind } from './views.tsx';

const hashView = () => decodeURIComponent(location.hash.replace(/^#/, ''));

/**
 * Tabs over the views this console may show; the open view follows the URL hash. Without one, the console lands on
 * 待办 if items wait for its unit once it is caught up, otherwise on its first feature view — decided once and written
 * into the hash, so a report arriving later never pulls the view from under someone typing.
 */
export function Workspace({ session, kind }: { session: Session; kind: ConsoleKind }) {
  const { t } = useTranslation();
  const views = viewsFor(kind, session.user.role);
  const [current, setCurrent] = useState(hashView);
  useEffect(() => {
    const onHash = () => setCurrent(hashView());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const waiting = useQueue(session.user).length > 0;
  // Every feature's starting state comes in the stream's first snapshot, applied before the console reports connected.
  const caughtUp = useStore((s) => s.conn === 'connected' && s.wartimeReady);
  const firstFeature = views.find((v) => v.id !== QUEUE_VIEW)?.id ?? QUEUE_VIEW;
  const landing = waiting ? QUEUE_VIEW : firstFeature;
  const known = views.some((v) => v.id === current);
  useEffect(() => {
    if (known || !caughtUp) return;
    history.replaceState(null, '', `#${landing}`);
    setCurrent(landing);
  }, [known, caughtUp, landing]);

  const active = views.find((v) => v.id === current) ?? views.find((v) => v.id === landing) ?? views[0];
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
