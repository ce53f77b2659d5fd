import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ALERT_LEVELS,
  ALERT_LEVEL_LABELS,
  ALERT_RAISERS,
  Centre,
  type AlertLevel,
  type ApiError,
  type RaiseAlert,
  type SessionUser,
} from '../../protocol/index.ts';
import { useErrorText, useLabel } from '../i18n/index.ts';
import { api, RequestError } from '../net/http.ts';
import { useStore } from '../store.ts';
import { LevelChip } from '../ui/LevelChip.tsx';
import { raiseAlert } from './actions.ts';
import { CentreChecklist } from '../ui/CentreChecklist.tsx';

function useCentres(token: string): void {
  const setCentres = useStore((s) => s.setCentres);
  const endSession = useStore((s) => s.endSession);
  useEffect(() => {
    const ctl = new AbortController();
    api<unknown>('/api/centres', { token, signal: ctl.signal }).then(
      (body) => {
        const parsed = Centre.array().safeParse(body);
        if (parsed.success) setCentres(parsed.data);
        else console.error('[centres] malformed list', parsed.error);
      },
      (e: unknown) => {
        if (e instanceof RequestError && e.isAuthFailure && e.apiError) endSession(e.apiError);
      },
    );
    return () => ctl.abort();
  }, [token, setCentres, endSession]);
}

export function RaiseForm({ user, token }: { user: SessionUser; token: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const errText = useErrorText();
  useCentres(token);
  const centres = useStore((s) => s.centres);
  const conn = useStore((s) => s.conn);
  const townships = useMemo(
    () => (centres ?? []).filter((c) => c.level === 'township').sort((a, b) => a.code.localeCompare(b.code) || a.id - b.id),
    [centres],
  );

  const [level, setLevel] = useState<AlertLevel>('blue');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [all, setAll] = useState(true);
  const [picked, setPicked] = useState<ReadonlySet<number>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const mayRaise = ALERT_RAISERS.includes(user.role);

  useEffect(() => {
    if (!done) return;
    const id = setTimeout(() => setDone(null), 8_000);
    return () => clearTimeout(id);
  }, [done]);
  const connected = conn === 'connected';


  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (busy) return;
    setDone(null);
    if (!title.trim()) return setError(t('raise.noTitle'));
    if (!all && picked.size === 0) return setError(t('raise.noTargets'));
    const req: RaiseAlert = {
      level,
      title: title.trim(),
      body: body.trim(),
      targets: all ? { kind: 'all' } : { kind: 'centres', centreIds: [...picked].sort((a, b) => a - b) },
    };
    setBusy(true);
    setError(null);
    const r = await raiseAlert(req);
    setBusy(false);
    if (r.ok) {
      setDone(t('raise.done', { title: r.data.alert.title }));
      setTitle('');
      setBody('');
    } else {
      setError(r.error);
    }
  }

  return (
    <form className="panel-body" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="raise-heading">
      {!mayRaise && <div className="form-error">{t('raise.forbidden')}</div>}
      {error && (
        <div className="form-error" role="alert" data-testid="raise-error">
          {typeof error === 'string' ? error : errText(error)}
        </div>
      )}
      {done && (
        <div className="form-ok" role="status" data-testid="raise-done">
          {done}
        </div>
      )}
      <fieldset disabled={!mayRaise} style={{ border: 0, padding: 0, margin: 0 }}>
        <div className="field">
          <label htmlFor="raise-level">{t('raise.level')}</label>
          <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
            <select
              id="raise-level"
              className="select"
              data-testid="raise-level"
              value={level}
              onChange={(e) => setLevel(e.target.value as AlertLevel)}
            >
              {ALERT_LEVELS.map((l) => (
                <option key={l} value={l}>
                  {label(ALERT_LEVEL_LABELS[l])}
                </option>
              ))}
            </select>
            <LevelChip level={level} />
          </div>
        </div>
        <div className="field">
          <label htmlFor="raise-title">{t('raise.subject')}</label>
          <input
            id="raise-title"
            className="input"
            data-testid="raise-title"
            maxLength={100}
            placeholder={t('raise.subjectPlaceholder')}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="raise-body">{t('raise.body')}</label>
          <textarea
            id="raise-body"
            className="textarea"
            data-testid="raise-body"
            maxLength={2000}
            rows={4}
            placeholder={t('raise.bodyPlaceholder')}
            value={body}
            onChange={(e) => setBody(e.target.value)}
          />
        </div>
        <div className="field">
          <span className="field-label">{t('raise.targets')}</span>
          <div className="targets">
            <label className="check all">
              <input
                type="checkbox"
                data-testid="raise-target-all"
                checked={all}
                onChange={(e) => setAll(e.target.checked)}
              />
              {t('raise.allTownships')}
              <span className="muted" style={{ marginLeft: 'auto', fontWeight: 400 }}>
                {all ? `${townships.length || ''}` : t('raise.selectedCount', { n: picked.size })}
              </span>
            </label>
            {centres === null ? (
              <div className="muted" style={{ paddingTop: 6 }}>
                {t('raise.loadingCentres')}
              </div>
            ) : (
              <CentreChecklist centres={townships} picked={picked} onChange={setPicked} everything={all} testId={(id) => `raise-target-${id}`} />
            )}
          </div>
        </div>
        <button
          type="submit"
          className="btn btn-primary"
          style={{ width: '100%', padding: '8px' }}
          data-testid="raise-submit"
          disabled={busy || !connected}
          title={connected ? undefined : t('raise.notConnected')}
        >
          {busy ? t('raise.submitting') : t('raise.submit')}
        </button>
      </fieldset>
    </form>
  );
}
