import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LoginResponse, apiError, type ApiError, type LoginRequest } from '../../protocol/index.ts';
import { useErrorText } from '../i18n/index.ts';
import { api, RequestError } from '../net/http.ts';
import { useStore } from '../store.ts';
import { LangSwitch } from '../ui/LangSwitch.tsx';

export function LoginPage() {
  const { t } = useTranslation();
  const errText = useErrorText();
  const notice = useStore((s) => s.authNotice);
  const setSession = useStore((s) => s.setSession);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | 'network' | null>(null);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const body: LoginRequest = { username: username.trim(), password };
      const res = LoginResponse.parse(await api<unknown>('/api/login', { method: 'POST', body }));
      setSession(res);
    } catch (err) {
      if (err instanceof RequestError) setError(err.apiError ?? (err.status === 0 ? 'network' : apiError('INTERNAL')));
      else setError(apiError('INTERNAL')); // an answer we could not read
      setBusy(false);
    }
  }

  const shown = error ?? notice;
  return (
    <div className="login-wrap">
      <form className="login-card" onSubmit={(e) => void submit(e)} noValidate>
        <div className="login-lang">
          <LangSwitch />
        </div>
        <div className="login-brand">
          <span className="logo" aria-hidden>
            综
          </span>
          <h1>综治指挥台</h1>
        </div>
        <div className="login-sub">{t('app.subtitle')}</div>
        {shown && (
          <div className="form-error" role="alert" data-testid="login-error" data-code={shown === 'network' ? 'NETWORK' : shown.code}>
            {shown === 'network' ? t('login.network') : errText(shown)}
          </div>
        )}
        <div className="field">
          <label htmlFor="login-username">{t('login.username')}</label>
          <input
            id="login-username"
            className="input"
            data-testid="login-username"
            autoComplete="username"
            autoFocus
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="login-password">{t('login.password')}</label>
          <input
            id="login-password"
            className="input"
            type="password"
            data-testid="login-password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <button
          type="submit"
          className="btn btn-primary"
          data-testid="login-submit"
          disabled={busy || !username.trim() || !password}
        >
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
        <div className="login-foot">{t('login.hint')}</div>
      </form>
    </div>
  );
}
