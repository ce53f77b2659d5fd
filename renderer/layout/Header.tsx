import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLE_LABELS, type SessionUser } from '../../protocol/index.ts';
import { useLabel } from '../i18n/index.ts';
import { logout } from '../session/live.ts';
import { Clock } from '../ui/Clock.tsx';
import { LangSwitch } from '../ui/LangSwitch.tsx';
import { ConnIndicator } from './ConnIndicator.tsx';
import { WartimeBanner } from '../wartime/WartimeBanner.tsx';
import { HeaderQueue } from '../queue/HeaderQueue.tsx';
import { ChangePasswordDialog } from '../users/PasswordForm.tsx';
import { useStore } from '../store.ts';
import { HeaderDuty } from '../duty/HeaderDuty.tsx';
import { HeaderSearch } from '../duty/HeaderSearch.tsx';

export function Header({ user, children }: { user: SessionUser; children?: ReactNode }) {
  const { t } = useTranslation();
  const label = useLabel();
  const session = useStore((s) => s.session);
  const [changing, setChanging] = useState(false);
  return (
    <>
    <header className="header">
      <div className="header-brand">
        <span className="logo" aria-hidden>
          综
        </span>
        <span className="header-title">{t('app.name')}</span>
        <span className="header-centre" data-testid="centre-name">
          {user.centreName}
        </span>
      </div>
      <div className="header-spacer" />
      {session && <HeaderSearch token={session.token} />}
      <HeaderDuty userId={user.id} />
      <HeaderQueue user={user} />
      {children}
      <div className="header-group">
        <Clock />
        <ConnIndicator />
        <span className="header-sep" />
        <span className="header-user" data-testid="current-user">
          <span>{user.name}</span>
          <span className="role">{label(ROLE_LABELS[user.role])}</span>
        </span>
        <LangSwitch />
        <button type="button" className="btn btn-sm btn-ghost" data-testid="change-password" onClick={() => setChanging(true)}>
          {t('users.changePassword')}
        </button>
        <button type="button" className="btn btn-sm btn-ghost" data-testid="logout" onClick={() => void logout()}>
          {t('header.logout')}
        </button>
      </div>
    </header>
    {/* wartime: "战时状态" and who is in command, on every console in scope */}
    <WartimeBanner />
    {changing && session && <ChangePasswordDialog session={session} onClose={() => setChanging(false)} />}
    </>
  );
}
