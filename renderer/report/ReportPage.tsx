import { Suspense, lazy, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_PHOTOS, type Category } from '../../protocol/index.ts';
import { fetchCategories } from '../incidents/api.ts';
import { logout } from '../session/live.ts';
import type { Session } from '../session/sessionSlice.ts';
import { LangSwitch } from '../ui/LangSwitch.tsx';
import { ConnIndicator } from '../layout/ConnIndicator.tsx';
import { formatDateTime } from '../ui/time.ts';
import { canAddPhoto, checkPhoto, confirmPlace, needsPlaceConfirmation, outboxLabel, type DraftPhoto, type QueuedReport } from './outbox.ts';
import { flushQueue, forgetReport, loadQueue, recoverQueue, saveReport, sendOne } from './sender.ts';
import './report.css';

const RETRY_TICK_MS = 5_000;
// maplibre is large: loaded only when the grid member opens the map.
const LocationPicker = lazy(() => import('./LocationPicker.tsx'));

/** The grid member's phone page: report with location and photos; nothing is lost without signal. */
export function ReportPage({ session }: { session: Session }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 1 : 0;
  const [categories, setCategories] = useState<Category[]>([]);
  const [category, setCategory] = useState('');
  const [description, setDescription] = useState('');
  const [lon, setLon] = useState('');
  const [lat, setLat] = useState('');
  const [locating, setLocating] = useState(false);
  const [showMap, setShowMap] = useState(false);
  const [photos, setPhotos] = useState<DraftPhoto[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [queue, setQueue] = useState<QueuedReport[]>([]);
  const [online, setOnline] = useState(navigator.onLine);
  const photoInput = useRef<HTMLInputElement>(null);

  const update = useCallback((r: QueuedReport) => setQueue((q) => q.map((x) => (x.key === r.key ? r : x))), []);
  const flush = useCallback(() => void flushQueue(session.token, Date.now, update).catch(() => undefined), [session.token, update]);

  useEffect(() => {
    fetchCategories(session.token).then((c) => {
      setCategories(c);
      setCategory((cur) => cur || c[0]?.code || '');
    }, () => undefined);
    void recoverQueue().then((q) => {
      setQueue(q);
      flush();
    });
    const timer = setInterval(flush, RETRY_TICK_MS);
    const on = () => {
      setOnline(true);
      void loadQueue().then((q) => {
        // Back online: everything waiting is due now.
        const now = Date.now();
        void Promise.all(q.filter((r) => r.status === 'waiting').map((r) => saveReport({ ...r, nextTryAt: now }))).then(flush);
      });
    };
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      clearInterval(timer);
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, [session.token, flush]);

  const locate = () => {
    setLocating(true);
    setProblem(null);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        // Browser positioning is WGS-84.
        setLon(p.coords.longitude.toFixed(6));
        setLat(p.coords.latitude.toFixed(6));
        setLocating(false);
      },
      (e) => {
        setProblem(t('report.gpsFailed', { reason: e.message }));
        setLocating(false);
      },
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };

  const addPhotos = (files: FileList | null) => {
    setProblem(null);
    const next = [...photos];
    for (const f of Array.from(files ?? [])) {
      if (!canAddPhoto(next.length)) {
        setProblem(t('report.photoMax'));
        break;
      }
      const bad = checkPhoto(f);
      if (bad) {
        setProblem(t(bad === 'type' ? 'report.photoType' : 'report.photoSize', { name: f.name }));
        continue;
      }
      next.push({ name: f.name, type: f.type, bytes: f, size: f.size });
    }
    setPhotos(next);
  };

  const submit = async () => {
    const r: QueuedReport = {
      key: crypto.randomUUID(),
      createdAt: Date.now(),
      category,
      description: description.trim(),
      location: { lon: Number(lon), lat: Number(lat), crs: 'wgs84' },
      photos,
      uploaded: photos.map(() => null),
      status: 'waiting',
      attempts: 0,
      nextTryAt: 0,
    };
    // Saved on the phone first: from here on a lost signal or a closed page cannot lose it.
    await saveReport(r);
    setQueue((q) => [r, ...q]);
    setDescription('');
    setPhotos([]);
    // The file input keeps its own list: cleared too, or it shows the last photo and the next report goes without it.
    if (photoInput.current) photoInput.current.value = '';
    update(await sendOne(r, session.token, Date.now));
  };

  const resend = async (r: QueuedReport) => {
    await saveReport(r);
    update(r);
    update(await sendOne(r, session.token, Date.now));
  };

  const ready = category && description.trim() && lon !== '' && lat !== '' && Number.isFinite(Number(lon)) && Number.isFinite(Number(lat));

  return (
    <div className="report-page" data-testid="report-page">
      <header className="report-head">
        <b>{t('report.title')}</b>
        <span className="muted">{session.user.name}</span>
        <span className="header-spacer" />
        <ConnIndicator />
        <LangSwitch />
        <button className="btn btn-sm" onClick={() => void logout()}>
          {t('header.logout')}
        </button>
      </header>
      {!online && <p className="notice" data-tone="warn">{t('report.offline')}</p>}
      <form
        className="report-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (ready) void submit();
        }}
      >
        <label className="field">
          {t('report.category')}
          <select className="input" value={category} onChange={(e) => setCategory(e.target.value)} data-testid="report-category">
            {categories.map((c) => (
              <option key={c.code} value={c.code}>
                {c.label[lang]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t('report.description')}
          <textarea className="textarea" rows={4} value={description} placeholder={t('report.descriptionHint')} onChange={(e) => setDescription(e.target.value)} data-testid="report-description" />
        </label>
        <fieldset className="field">
          <legend>{t('report.location')}</legend>
          <button type="button" className="btn" onClick={locate} disabled={locating} data-testid="report-gps">
            {locating ? t('report.locating') : t('report.gps')}
          </button>
          <button type="button" className="btn" onClick={() => setShowMap((v) => !v)} data-testid="report-map-toggle">
            {t('report.tapMap')}
          </button>
          {showMap && (
            <Suspense fallback={<div className="location-map" />}>
              <LocationPicker
                token={session.token}
                value={lon !== '' && lat !== '' ? [Number(lon), Number(lat)] : null}
                onPick={([x, y]) => {
                  setLon(String(x));
                  setLat(String(y));
                }}
              />
            </Suspense>
          )}
          <div className="coords">
            <input className="input" inputMode="decimal" placeholder={t('report.lon')} value={lon} onChange={(e) => setLon(e.target.value)} data-testid="report-lon" />
            <input className="input" inputMode="decimal" placeholder={t('report.lat')} value={lat} onChange={(e) => setLat(e.target.value)} data-testid="report-lat" />
          </div>
        </fieldset>
        <label className="field">
          {t('report.photos', { n: MAX_PHOTOS })}
          <input ref={photoInput} type="file" accept="image/jpeg,image/png,image/webp" capture="environment" multiple onChange={(e) => addPhotos(e.target.files)} data-testid="report-photos" />
          {photos.length > 0 && <span className="muted">{photos.map((p) => p.name).join('、')}</span>}
        </label>
        {problem && (
          <div className="form-error" role="alert">
            {problem}
          </div>
        )}
        <button type="submit" className="btn btn-primary report-submit" disabled={!ready} data-testid="report-submit">
          {t('report.submit')}
        </button>
      </form>

      <h3 className="report-outbox-title">{t('report.outbox')}</h3>
      <ul className="report-outbox" data-testid="report-outbox">
        {queue.map((r) => {
          const label = outboxLabel(r, lang);
          const askPlace = needsPlaceConfirmation(r);
          return (
            <li key={r.key} data-status={askPlace ? 'confirmPlace' : r.status} data-testid="outbox-item">
              <div>
                <span className="chip" data-tone={r.status === 'sent' ? 'ok' : r.status === 'rejected' && !askPlace ? 'bad' : 'warn'}>
                  {'text' in label ? label.text : t(label.key)}
                </span>{' '}
                <span className="muted mono">{formatDateTime(r.createdAt)}</span>
              </div>
              <div className="report-desc">{r.description}</div>
              {r.caseCode && (
                <div>
                  {t('report.caseCode')} <b className="mono" data-testid="outbox-code">{r.caseCode}</b>{' '}
                  <a href={`/case/${r.caseCode}`} target="_blank" rel="noreferrer">
                    {t('report.viewCase')}
                  </a>
                </div>
              )}
              {askPlace ? (
                <div className="notice" data-tone="warn" role="alert" data-testid="outbox-other-village">
                  {t('report.otherVillage', r.error?.details ?? {})}{' '}
                  <button className="btn btn-sm btn-primary" data-testid="outbox-confirm-place" onClick={() => void resend(confirmPlace(r))}>
                    {t('report.confirmPlace')}
                  </button>
                </div>
              ) : (
                r.error && <div className="form-error">{r.error[lang === 1 ? 'messageEn' : 'message']}</div>
              )}
              {r.status === 'waiting' && (
                <button className="btn btn-sm" onClick={() => void sendOne(r, session.token, Date.now).then(update)}>
                  {t('report.retryNow')}
                </button>
              )}
              {(r.status === 'sent' || r.status === 'rejected') && (
                <button className="btn btn-sm btn-ghost" onClick={() => void forgetReport(r.key).then(() => setQueue((q) => q.filter((x) => x.key !== r.key)))}>
                  {t('report.remove')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
