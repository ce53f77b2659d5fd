// One search box in the header: cases, alerts, orders, disputes and people the user may see (the server keeps the scope), grouped
// by kind. A hit opens where the item is shown: a case's or dispute's drawer, an alert's or order's full record in 历史.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchGroup, SearchHit } from '../../protocol/index.ts';
import { useLabel } from '../i18n/index.ts';
import { api } from '../net/http.ts';
import { useStore } from '../store.ts';
import { formatDateTime } from '../ui/time.ts';
import './i18n.ts';
import './duty.css';

/** Where a hit of each kind opens; a kind without an opener (people, later kinds) only shows its line. */
const OPENERS: Record<string, (hit: SearchHit) => void> = {
  incident: (h) => {
    useStore.getState().selectIncident(h.id);
    location.hash = '#incidents';
  },
  alert: (h) => {
    useStore.getState().openHistory({ kind: 'alert', id: h.id });
    location.hash = '#history';
  },
  order: (h) => {
    useStore.getState().openHistory({ kind: 'order', id: h.id });
    location.hash = '#history';
  },
  dispute: (h) => {
    useStore.getState().selectDispute(h.id);
    location.hash = '#disputes';
  },
};

export function HeaderSearch({ token }: { token: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const [q, setQ] = useState('');
  const [groups, setGroups] = useState<SearchGroup[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const text = q.trim();
    if (!text) {
      setGroups(null);
      return;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      setBusy(true);
      api<{ groups: SearchGroup[] }>(`/api/search?q=${encodeURIComponent(text)}`, { token, signal: ctl.signal })
        .then((r) => setGroups(r.groups), () => setGroups([]))
        .finally(() => setBusy(false));
    }, 250);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [q, token]);

  useEffect(() => {
    const onDown = (e: MouseEvent) => box.current && !box.current.contains(e.target as Node) && setOpen(false);
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, []);

  const pick = (h: SearchHit) => {
    const go = OPENERS[h.kind];
    if (!go) return;
    go(h);
    setOpen(false);
  };

  return (
    <div className="header-search" ref={box}>
      <input
        className="input"
        type="search"
        value={q}
        placeholder={t('duty.search.placeholder')}
        aria-label={t('duty.search.placeholder')}
        data-testid="header-search"
        onChange={(e) => {
          setQ(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
      />
      {open && q.trim() && (
        <div className="search-pop" role="listbox" data-testid="search-results">
          {busy && !groups && <div className="muted pad">{t('duty.search.busy')}</div>}
          {groups?.length === 0 && <div className="muted pad">{t('duty.search.none')}</div>}
          {groups?.map((g) => (
            <div key={g.kind} className="search-group">
              <div className="search-kind">{label(g.label)}</div>
              {g.hits.map((h) => (
                <button
                  type="button"
                  key={`${h.kind}:${h.id}`}
                  className="search-hit"
                  data-testid="search-hit"
                  data-kind={h.kind}
                  data-id={h.id}
                  disabled={!OPENERS[h.kind]}
                  onClick={() => pick(h)}
                >
                  <span className="t">{h.title}</span>
                  <span className="d">{h.detail}</span>
                  {h.at !== null && <span className="d num">{formatDateTime(h.at)}</span>}
                </button>
              ))}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
