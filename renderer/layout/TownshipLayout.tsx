import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useTownshipRows } from '../alerts/TownshipInbox.tsx';
import type { Session } from '../session/sessionSlice.ts';
import { useStore } from '../store.ts';
import { isSignedState } from '../delivery/merge.ts';
import { Header } from './Header.tsx';
import { Workspace } from './Workspace.tsx';
import { useDesktopAttention } from './useDesktopAttention.ts';

/** Township / village centre: incoming alerts, the unsigned count always in view. */
export function TownshipLayout({ session }: { session: Session }) {
  const { t } = useTranslation();
  const { user } = session;
  const { open } = useTownshipRows(user.centreId);
  const fresh = useStore((s) => s.fresh);
  const anyFresh = open.some((r) => r.alert.id in fresh);
  // 待签收 counts what waits for a signature; a signed alert still owing its 反馈 stays in the inbox but not here
  const n = open.filter((r) => !isSignedState(r.mine.state)).length;
  useDesktopAttention(user.centreId);

  // The window title carries the cue too, so a console behind other windows still shows it in the taskbar.
  useEffect(() => {
    const base = `${t('app.name')} · ${user.centreName}`;
    document.title = `${anyFresh ? t('township.newTitle') : ''}${n > 0 ? t('township.unackedTitle', { n }) : ''}${base}`;
    return () => {
      document.title = t('app.name');
    };
  }, [anyFresh, n, t, user.centreName]);

  return (
    <div className="shell" data-layout="township">
      <Header user={user}>
        <span className="unacked-badge" data-hot={n > 0} title={t('header.unacked')}>
          {t('header.unacked')}
          <span className="n" data-testid="unacked-count">
            {n}
          </span>
        </span>
      </Header>
      <Workspace session={session} kind="township" />
    </div>
  );
}
