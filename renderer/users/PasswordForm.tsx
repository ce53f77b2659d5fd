// Changing one's own password: the dialog from the header, and the page a one-time password leads to.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiError, type ApiError } from '../../protocol/index.ts';
import { useErrorText } from '../i18n/index.ts';
import { RequestError } from '../net/http.ts';
import { logout } from '../session/live.ts';
import type { Session } from '../session/sessionSlice.ts';
import { useStore } from '../store.ts';
import { LangSwitch } from '../ui/LangSwitch.tsx';
import { changeOwnPassword } from './api.ts';
import './i18n.ts';
import './users.css';

function PasswordFields({ session, forced, onDone, onCancel }: { session: Session; forced: boolean; onDone: () => void; onCancel?: () => void }) {
  const { t } = useTranslation();
  const errText = useErrorText();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const mismatch = again.length > 0 && next !== again;

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (busy || mismatch) return;
    setBusy(true);
    setError(null);
    try {
      await changeOwnPassword(session.token, { currentPassword: current, newPassword: next });
      onDone();
    } catch (err) {
      setError(err instanceof RequestError && err.apiError ? err.apiError : apiError('INTERNAL'));
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate data-testid="password-form">
      {error && (
        <div className="form-error" role="alert" data-testid="password-error" data-code={error.code}>
          {errText(error)}
          {error.details?.newPassword ? `：${error.details.newPassword}` : ''}
        </div>
      )}
      <div className="field">
        <label htmlFor="pw-current">{forced ? t('users.currentOtp') : t('users.current')}</label>
        <input id="pw-current" className="input" type="password" autoComplete="current-password" data-testid="password-current" value={current} onChange={(e) => setCurrent(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="pw-new">{t('users.newPassword')}</label>
        <input id="pw-new" className="input" type="password" autoComplete="new-password" data-testid="password-new" value={next} onChange={(e) => setNext(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="pw-again">{t('users.confirm')}</label>
        <input id="pw-again" className="input" type="password" autoComplete="new-password" data-testid="password-again" value={again} onChange={(e) => setAgain(e.target.value)} />
      </div>
      <div className="users-note">{mismatch ? <span className="form-error">{t('users.mismatch')}</span> : t('users.rules')}</div>
      <div className="users-modal-foot">
        {onCancel && (
          <button type="button" className="btn" onClick={onCancel}>
            {t('users.cancel')}
          </button>
        )}
        <button type="submit" className="btn btn-primary" data-testid="password-submit" disabled={busy || !current || !next || next !== again}>
          {t('users.submit')}
        </button>
      </div>
    </form>
  );
}

/** The header's 修改密码 dialog. */
export function ChangePasswordDialog({ session, onClose }: { session: Session; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="users-modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="users-modal" role="dialog" aria-modal="true" aria-label={t('users.changeTitle')} data-testid="password-dialog" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
        <div className="users-modal-head">{t('users.changeTitle')}</div>
        <div className="users-modal-body">
          <PasswordFields session={session} forced={false} onDone={onClose} onCancel={onClose} />
        </div>
      </div>
    </div>
  );
}

/** After logging in with a one-time password: nothing else until it is changed. */
export function ForcedPasswordChange({ session }: { session: Session }) {
  const { t } = useTranslation();
  const updateUser = useStore((s) => s.updateUser);
  return (
    <div className="login-wrap">
      <div className="login-card" data-testid="forced-password">
        <div className="login-lang">
          <LangSwitch />
        </div>
        <h1>{t('users.forcedTitle')}</h1>
        <div className="users-note">{t('users.forcedNote')}</div>
        <PasswordFields session={session} forced onDone={() => updateUser({ ...session.user, mustChangePassword: false })} />
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => void logout()}>
          {t('users.logout')}
        </button>
      </div>
    </div>
  );
}
