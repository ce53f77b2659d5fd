// 发布预警: level, text, targets (townships, villages, townships with their villages), 需反馈. A red or orange alert is
// confirmed with a summary of what goes out; the level stays as it was after sending.
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
import { Modal } from '../wartime/Modal.tsx';
import { previewRecipients } from './targets.ts';

/** Red and orange go to many units at once: a second look before they leave. */
const CONFIRM_LEVELS: readonly AlertLevel[] = ['red', 'orange'];
/** The last level sent, kept across tab switches (the form remounts), so it never silently falls back to blue. */
let lastLevel: AlertLevel = 'blue';

export function useCentres(token: string): void {
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

  const villagesOf = useMemo(() => {
    const m = new Map<number, Centre[]>();
    for (const c of centres ?? []) if (c.level === 'village' && c.parentId !== null) m.set(c.parentId, [...(m.get(c.parentId) ?? []), c]);
    return m;
  }, [centres]);

  const [level, setLevel] = useState<AlertLevel>(() => lastLevel);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [all, setAll] = useState(true);
  const [picked, setPicked] = useState<ReadonlySet<number>>(new Set());
  const [withVillages, setWithVillages] = useState(false);
  const [villageTownship, setVillageTownship] = useState<number | null>(null);
  const [wantsAnswer, setWantsAnswer] = useState(false);
  const [confirm, setConfirm] = useState<{ req: RaiseAlert; units: Centre[] } | null>(null);
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


  function submit(e: FormEvent): void {
    e.preventDefault();
    if (busy) return;
    setDone(null);
    if (!title.trim()) return setError(t('raise.noTitle'));
    if (!all && picked.size === 0) return setError(t('raise.noTargets'));
    const req: RaiseAlert = {
      level,
      title: title.trim(),
      body: body.trim(),
      targets: all
        ? { kind: 'all', includeVillages: withVillages }
        : { kind: 'centres', centreIds: [...picked].sort((a, b) => a - b), includeVillages: withVillages },
      wantsAnswer,
    };
    setError(null);
    if (CONFIRM_LEVELS.includes(level)) setConfirm({ req, units: previewRecipients(centres ?? [], all, picked, withVillages) });
    else void send(req);
  }

  async function send(req: RaiseAlert): Promise<void> {
    setConfirm(null);
    setBusy(true);
    const r = await raiseAlert(req);
    setBusy(false);
    if (r.ok) {
      lastLevel = req.level;
      setDone(t('raise.doneLevel', { level: label(ALERT_LEVEL_LABELS[req.level]), title: r.data.alert.title, n: r.data.alert.recipients.length }));
      setTitle('');
      setBody('');
    } else {
      setError(r.error);
    }
  }

  const villageChoices = villageTownship === null ? [] : (villagesOf.get(villageTownship) ?? []);

  return (
    <form className="panel-body" onSubmit={submit} noValidate aria-labelledby="raise-heading">
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
            <label className="check wt-villages">
              <input type="checkbox" data-testid="raise-villages" checked={withVillages} onChange={(e) => setWithVillages(e.target.checked)} />
              {t('raise.includeVillages')}
            </label>
            {!all && (
              <div className="raise-villages">
                <select
                  className="select"
                  data-testid="raise-village-township"
                  aria-label={t('raise.pickVillages')}
                  value={villageTownship ?? ''}
                  onChange={(e) => setVillageTownship(e.target.value ? Number(e.target.value) : null)}
                >
                  <option value="">{t('raise.pickVillages')}</option>
                  {townships.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>
                {villageChoices.length > 0 && (
                  <CentreChecklist centres={villageChoices} picked={picked} onChange={setPicked} everything={false} testId={(id) => `raise-target-${id}`} />
                )}
              </div>
            )}
          </div>
        </div>
        <label className="check">
          <input type="checkbox" data-testid="raise-wants-answer" checked={wantsAnswer} onChange={(e) => setWantsAnswer(e.target.checked)} />
          {t('raise.wantsAnswer')}
        </label>
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
      {confirm && (
        <Modal title={t('raise.confirmTitle')} onClose={() => setConfirm(null)} testId="raise-confirm-dialog">
          <div className="raise-confirm">
            <div className="alert-top">
              <LevelChip level={confirm.req.level} />
              <span className="alert-title" data-testid="raise-confirm-title">
                {confirm.req.title}
              </span>
            </div>
            <p data-testid="raise-confirm-count">
              {t('raise.confirmUnits', { n: confirm.units.length })}
              {confirm.req.wantsAnswer ? ` · ${t('delivery.wantsAnswer')}` : ''}
            </p>
            <ul className="raise-confirm-units" data-testid="raise-confirm-units">
              {confirm.units.map((c) => (
                <li key={c.id}>{c.name}</li>
              ))}
            </ul>
            <div className="wt-inline" style={{ justifyContent: 'flex-end', gap: 8 }}>
              <button type="button" className="btn" data-testid="raise-cancel" onClick={() => setConfirm(null)}>
                {t('raise.confirmBack')}
              </button>
              <button type="button" className="btn btn-primary" data-testid="raise-confirm" autoFocus onClick={() => void send(confirm.req)}>
                {t('raise.confirmSend', { level: label(ALERT_LEVEL_LABELS[confirm.req.level]) })}
              </button>
            </div>
          </div>
        </Modal>
      )}
    </form>
  );
}
