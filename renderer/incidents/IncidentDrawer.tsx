import { useCallback, useEffect, useState } from 'react';
import { ToDisputeButton } from '../disputes/ToDisputeButton.tsx';
import { useTranslation } from 'react-i18next';
import { ACTION_LABELS, INCIDENT_STATE_LABELS, MAX_PHOTOS, PRIORITIES, type Snapshot, PRIORITY_LABELS, type IncidentAction, type IncidentActionName, type IncidentDetail } from '../../protocol/index.ts';
import { RequestError } from '../net/http.ts';
import type { Session } from '../session/sessionSlice.ts';
import { useStore } from '../store.ts';
import { formatDateTime } from '../ui/time.ts';
import { useNow } from '../ui/useNow.ts';
import { fetchBlobUrl, fetchIncident, fetchSnapshots, takeStep, uploadPhoto } from './api.ts';
import { timelineWho } from './model.ts';
import { DueCell, StateChip, useLang } from './parts.tsx';
import { useEscape } from '../ui/useEscape.ts';
import { CaseVideo } from '../playback/CaseVideo.tsx';
import { MediationButton } from '../meet/MediationButton.tsx';

/** Steps that need no input run on one click; the others open their small form. */
const ONE_CLICK: readonly IncidentActionName[] = ['sign', 'archive'];

export function IncidentDrawer({ id, session, onClose }: { id: number; session: Session; onClose: () => void }) {
  useEscape(onClose);
  const { t } = useTranslation();
  const lang = useLang();
  const now = useNow(30_000);
  const cached = useStore((s) => s.incidents[id]);
  const categories = useStore((s) => s.categories);
  const categoryLabel = (code: string) => categories.find((c) => c.code === code)?.label[lang === 'en' ? 1 : 0] ?? code;
  const upsert = useStore((s) => s.upsertIncidents);
  const [detail, setDetail] = useState<IncidentDetail | null>(null);
  const [form, setForm] = useState<IncidentActionName | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [receipt, setReceipt] = useState(false);
  const [snapshots, setSnapshots] = useState<Snapshot[]>([]);

  const load = useCallback(() => {
    fetchIncident(session.token, id).then(setDetail, (e: unknown) => setError(e instanceof RequestError && e.apiError ? e.apiError[lang === 'en' ? 'messageEn' : 'message'] : String(e)));
  }, [id, session.token, lang]);
  // Reload the timeline whenever the case changes on the server (its version moves).
  useEffect(load, [load, cached?.version]);
  // Frames grabbed from the video wall for this case (视频截图).
  useEffect(() => {
    fetchSnapshots(session.token, id).then(setSnapshots, () => setSnapshots([]));
  }, [id, session.token, cached?.version]);

  const run = async (step: IncidentAction) => {
    setBusy(true);
    setError(null);
    try {
      const d = await takeStep(session.token, id, step);
      setDetail(d);
      upsert([d]);
      setForm(null);
    } catch (e) {
      setError(e instanceof RequestError && e.apiError ? e.apiError[lang === 'en' ? 'messageEn' : 'message'] : String(e));
    } finally {
      setBusy(false);
    }
  };

  const i = detail;
  return (
    <aside className="drawer" data-testid="incident-drawer" data-incident-id={id}>
      <div className="panel-head">
        <span className="mono">{i?.code ?? cached?.code ?? '…'}</span>
        {i && <StateChip i={i} />}
        <span className="header-spacer" />
        {i && <ToDisputeButton incident={i} user={session.user} />}
        {i && <MediationButton incidentId={i.id} code={i.code} />}
        {i && (
          <button className="btn btn-sm" onClick={() => setReceipt(true)} data-testid="print-receipt">
            {t('incidents.drawer.receipt')}
          </button>
        )}
        <button className="btn btn-sm btn-ghost" onClick={onClose} aria-label={t('incidents.drawer.close')}>
          ✕
        </button>
      </div>
      {i && (
        <div className="drawer-body">
          <p className="incident-desc">{i.description}</p>
          <dl className="facts">
            <dt>{t('incidents.col.category')}</dt>
            <dd>{categoryLabel(i.category)}</dd>
            <dt>{t('incidents.col.priority')}</dt>
            <dd>{PRIORITY_LABELS[i.priority][lang === 'en' ? 1 : 0]}</dd>
            <dt>{t('incidents.drawer.reporter')}</dt>
            <dd>{i.reportedBy.name}</dd>
            <dt>{t('incidents.drawer.location')}</dt>
            <dd>
              {i.gridName ?? '—'} <span className="muted mono">{i.lon.toFixed(5)}, {i.lat.toFixed(5)}</span>
            </dd>
            <dt>{t('incidents.col.holder')}</dt>
            <dd>{i.holderCentreName}</dd>
            <dt>{t('incidents.col.due')}</dt>
            <dd>
              <DueCell i={i} now={now} />
              {i.urgedAt && <span className="chip" data-tone="warn">{t('incidents.drawer.urged')}</span>}
              {i.supervisedAt && <span className="chip" data-tone="bad">{t('incidents.drawer.supervised')}</span>}
            </dd>
            <dt>{t('incidents.drawer.attempts')}</dt>
            <dd className="mono">
              {i.attempts.village}/3 · {i.attempts.township}/2 · {i.attempts.county}/1
            </dd>
            {i.result && (
              <>
                <dt>{t('incidents.drawer.result')}</dt>
                <dd>{i.result}</dd>
              </>
            )}
            {i.satisfaction !== null && (
              <>
                <dt>{t('incidents.drawer.satisfaction')}</dt>
                <dd>{'★'.repeat(i.satisfaction)}</dd>
              </>
            )}
          </dl>
          {i.pendingSign && <p className="notice" data-tone="warn">{t('incidents.drawer.awaitingSign', { centre: i.holderCentreName })}</p>}
          {i.similarToCode && (
            <p className="notice" data-testid="incident-similar">
              {t('incidents.drawer.similar', { code: i.similarToCode })}
            </p>
          )}
          {i.mergedIntoCode && (
            <p className="notice" data-testid="incident-merged">
              {t('incidents.drawer.merged', { code: i.mergedIntoCode })}
            </p>
          )}
          {i.extension && (
            <p className="notice">
              {t('incidents.drawer.extension', { days: i.extension.days, status: t(`incidents.drawer.extStatus.${i.extension.status}`) })}
            </p>
          )}

          <h4>{t('incidents.drawer.actions')}</h4>
          <div className="actions" data-testid="incident-actions">
            {i.allowed.length === 0 && <span className="muted">{t('incidents.drawer.noActions')}</span>}
            {i.allowed.map((a) => (
              <button
                key={a}
                className={`btn btn-sm${a === 'sign' ? ' btn-primary' : ''}`}
                data-testid={`step-${a}`}
                disabled={busy}
                onClick={() => (ONE_CLICK.includes(a as IncidentActionName) ? void run({ action: a } as IncidentAction) : setForm(a as IncidentActionName))}
              >
                {ACTION_LABELS[a as IncidentActionName][lang === 'en' ? 1 : 0]}
              </button>
            ))}
          </div>
          {form && <StepForm action={form} detail={i} token={session.token} busy={busy} onSubmit={(s) => void run(s)} onCancel={() => setForm(null)} />}
          {error && (
            <div className="form-error" role="alert" data-testid="step-error">
              {error}
            </div>
          )}

          <CaseVideo token={session.token} incident={i} />

          {snapshots.length > 0 && (
            <>
              <h4>{t('incidents.drawer.snapshots')}</h4>
              <div className="tl-photos" data-testid="incident-snapshots">
                {snapshots.map((s) => (
                  <figure key={s.id} className="snapshot">
                    <AuthImage token={session.token} path={`/api/snapshots/${s.id}`} />
                    <figcaption className="muted">
                      {s.cameraName} · {formatDateTime(s.takenAt)}
                    </figcaption>
                  </figure>
                ))}
              </div>
            </>
          )}

          <h4>{t('incidents.drawer.timeline')}</h4>
          <ol className="timeline" data-testid="incident-timeline">
            {i.timeline.map((e, k) => {
              const { who, to } = timelineWho(e);
              return (
                <li key={k} data-kind={e.kind}>
                  <time className="mono">{formatDateTime(e.at)}</time>
                  <span className="tl-kind">{t(`incidents.kinds.${e.kind}`, { defaultValue: e.kind })}</span>
                  <span className="muted" data-testid="timeline-who">
                    {who}
                    {to && ` → ${to}`}
                  </span>
                  {e.note && <div className="tl-note">{e.note}</div>}
                  {e.photos.length > 0 && (
                    <div className="tl-photos">
                      {e.photos.map((p) => (
                        <AuthImage key={p} token={session.token} path={`/api/photos/${p}`} />
                      ))}
                    </div>
                  )}
                </li>
              );
            })}
          </ol>
        </div>
      )}
      {receipt && i && <Receipt detail={i} categoryLabel={categoryLabel(i.category)} token={session.token} onClose={() => setReceipt(false)} />}
    </aside>
  );
}

function StepForm({ action, detail, token, busy, onSubmit, onCancel }: { action: IncidentActionName; detail: IncidentDetail; token: string; busy: boolean; onSubmit: (s: IncidentAction) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const centres = useStore((s) => s.centres) ?? [];
  const children = centres.filter((c) => c.parentId === detail.holderCentreId);
  const [text, setText] = useState('');
  const [centre, setCentre] = useState<number>(children[0]?.id ?? 0);
  const [days, setDays] = useState(3);
  const [score, setScore] = useState(5);
  const [priority, setPriority] = useState(detail.priority);
  const [into, setInto] = useState(detail.similarToCode ?? '');
  const [files, setFiles] = useState<File[]>([]);
  const [uploadError, setUploadError] = useState<string | null>(null);

  const build = (extra?: boolean): IncidentAction | null => {
    switch (action) {
      case 'accept':
        return { action, priority };
      case 'assign':
        return centre ? { action, centreId: centre } : null;
      case 'progress':
        return { action, text, photos: [] }; // photos are added by submit() once uploaded
      case 'resolve':
        return { action, result: text };
      case 'return':
      case 'escalateUp':
        return { action, reason: text };
      case 'requestExtension':
        return { action, days, reason: text };
      case 'decideExtension':
        return { action, approve: extra ?? true };
      case 'followUp':
        return { action, satisfied: extra ?? true, satisfaction: score, note: text };
      case 'merge':
        return into.trim() ? { action, intoCode: into.trim() } : null;
      default:
        return { action } as IncidentAction;
    }
  };
  const submit = async (extra?: boolean) => {
    const s = build(extra);
    if (!s) return;
    if (s.action === 'progress' && files.length) {
      try {
        s.photos = await Promise.all(files.slice(0, MAX_PHOTOS).map((f) => uploadPhoto(token, f)));
      } catch (e) {
        setUploadError(String(e instanceof Error ? e.message : e));
        return;
      }
    }
    onSubmit(s);
  };
  const needsText = ['progress', 'resolve', 'return', 'escalateUp', 'requestExtension', 'followUp'].includes(action);

  return (
    <form
      className="step-form"
      data-testid={`form-${action}`}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {action === 'accept' && (
        <label className="field">
          {t('incidents.form.priority')}
          <select className="input" value={priority} onChange={(e) => setPriority(e.target.value as typeof priority)}>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {PRIORITY_LABELS[p][lang === 'en' ? 1 : 0]}
              </option>
            ))}
          </select>
        </label>
      )}
      {action === 'assign' && (
        <label className="field">
          {t('incidents.form.centre')}
          <select className="input" data-testid="assign-centre" value={centre} onChange={(e) => setCentre(Number(e.target.value))}>
            {children.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {action === 'requestExtension' && (
        <label className="field">
          {t('incidents.form.days')}
          <input className="input" type="number" min={1} max={15} value={days} onChange={(e) => setDays(Number(e.target.value))} />
        </label>
      )}
      {action === 'followUp' && (
        <label className="field">
          {t('incidents.form.score')}
          <input className="input" type="number" min={1} max={5} value={score} onChange={(e) => setScore(Number(e.target.value))} data-testid="followup-score" />
        </label>
      )}
      {action === 'merge' && (
        <label className="field">
          {t('incidents.form.into')}
          <input className="input mono" value={into} placeholder="ZZ…" onChange={(e) => setInto(e.target.value)} data-testid="merge-code" required />
        </label>
      )}
      {action === 'progress' && (
        <label className="field">
          {t('incidents.form.photos', { n: MAX_PHOTOS })}
          <input type="file" accept="image/jpeg,image/png,image/webp" multiple onChange={(e) => setFiles(Array.from(e.target.files ?? []))} data-testid="progress-photos" />
        </label>
      )}
      {uploadError && <div className="form-error">{uploadError}</div>}
      {needsText && (
        <label className="field">
          {t(action === 'progress' ? 'incidents.form.text' : action === 'resolve' ? 'incidents.form.result' : action === 'followUp' ? 'incidents.form.note' : 'incidents.form.reason')}
          <textarea className="textarea" rows={2} value={text} onChange={(e) => setText(e.target.value)} data-testid="step-text" required={action !== 'followUp'} />
        </label>
      )}
      <div className="actions">
        {action === 'decideExtension' ? (
          <>
            <button type="button" className="btn btn-sm btn-primary" disabled={busy} onClick={() => void submit(true)}>
              {t('incidents.form.approve')}
            </button>
            <button type="button" className="btn btn-sm" disabled={busy} onClick={() => void submit(false)}>
              {t('incidents.form.reject')}
            </button>
          </>
        ) : action === 'followUp' ? (
          <>
            <button type="button" className="btn btn-sm btn-primary" disabled={busy} onClick={() => void submit(true)} data-testid="followup-satisfied">
              {t('incidents.form.satisfied')}
            </button>
            <button type="button" className="btn btn-sm" disabled={busy} onClick={() => void submit(false)}>
              {t('incidents.form.unsatisfied')}
            </button>
          </>
        ) : (
          <button type="submit" className="btn btn-sm btn-primary" disabled={busy} data-testid="step-submit">
            {t('incidents.form.submit')}
          </button>
        )}
        <button type="button" className="btn btn-sm btn-ghost" onClick={onCancel}>
          ✕
        </button>
      </div>
    </form>
  );
}

/** The printable 受理单 with the case's QR code (一案一码). */
function Receipt({ detail, categoryLabel, token, onClose }: { detail: IncidentDetail; categoryLabel: string; token: string; onClose: () => void }) {
  useEscape(onClose);
  const { t } = useTranslation();
  const lang = useLang();
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    let url: string | null = null;
    fetchBlobUrl(token, `/api/incidents/${detail.id}/qr.svg`).then((u) => setQr((url = u)), () => setQr(null));
    return () => {
      if (url) URL.revokeObjectURL(url);
    };
  }, [detail.id, token]);
  return (
    <div className="receipt-overlay" data-testid="receipt">
      <div className="receipt">
        <h3>{t('incidents.receipt.title')}</h3>
        <dl>
          <dt>{t('incidents.receipt.code')}</dt>
          <dd className="mono">{detail.code}</dd>
          <dt>{t('incidents.receipt.category')}</dt>
          <dd>{categoryLabel}</dd>
          <dt>{t('incidents.receipt.reported')}</dt>
          <dd>{formatDateTime(detail.reportedAt)}</dd>
          {/* 受理时间 only once someone accepted it: before that the slip says so instead of printing the report time. */}
          <dt>{t('incidents.receipt.accepted')}</dt>
          <dd data-testid="receipt-accepted">{detail.acceptedAt === null ? t('incidents.receipt.notYet') : formatDateTime(detail.acceptedAt)}</dd>
          <dt>{t('incidents.receipt.state')}</dt>
          <dd data-testid="receipt-state">{INCIDENT_STATE_LABELS[detail.state][lang === 'en' ? 1 : 0]}</dd>
        </dl>
        {qr && <img src={qr} alt="QR" width={160} height={160} />}
        <p>{t('incidents.receipt.scan')}</p>
        <div className="actions no-print">
          <button className="btn btn-primary" onClick={() => window.print()}>
            {t('incidents.receipt.print')}
          </button>
          <button className="btn" onClick={onClose}>
            ✕
          </button>
        </div>
      </div>
    </div>
  );
}

/** A photo from the server, fetched with the session (an <img src> cannot send the token). */
function AuthImage({ token, path }: { token: string; path: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let u: string | null = null;
    fetchBlobUrl(token, path).then((x) => setUrl((u = x)), () => setUrl(null));
    return () => {
      if (u) URL.revokeObjectURL(u);
    };
  }, [token, path]);
  return url ? (
    <a href={url} target="_blank" rel="noreferrer">
      <img src={url} alt="" className="tl-photo" data-testid="timeline-photo" />
    </a>
  ) : null;
}
