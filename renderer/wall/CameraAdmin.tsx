// The camera registry for administrators: list (source host only, never the URL), add, edit, delete, CSV import with
// the errors of each bad row. Changes reach every console through the server's camera pushes.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError, CameraAdminView, CameraImportResult, Centre } from '../../protocol/index.ts';
import { api, RequestError, toApiError } from '../net/http.ts';
import type { Session } from '../session/sessionSlice.ts';
import { useStore } from '../store.ts';

interface Draft { id: number | null; name: string; gbCode: string; townshipId: string; lat: string; lng: string; sourceUrl: string; subSourceUrl: string; onvifUrl: string }
const EMPTY: Draft = { id: null, name: '', gbCode: '', townshipId: '', lat: '', lng: '', sourceUrl: '', subSourceUrl: '', onvifUrl: '' };

export function CameraAdmin({ session }: { session: Session }) {
  const { t } = useTranslation();
  const token = session.token;
  const cameras = useStore((s) => s.cameras); // pushes: reload the admin list when cameras change
  const [rows, setRows] = useState<CameraAdminView[]>([]);
  const [townships, setTownships] = useState<Centre[]>([]);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [error, setError] = useState<ApiError | null>(null);
  const [csvResult, setCsvResult] = useState<{ ok: boolean; text: string; lines: [string, string][] } | null>(null);

  useEffect(() => {
    void api<CameraAdminView[]>('/api/admin/cameras', { token }).then(setRows, () => {});
  }, [token, cameras]);
  useEffect(() => {
    void api<Centre[]>('/api/centres', { token }).then((c) => setTownships(c.filter((x) => x.level === 'township')), () => {});
  }, [token]);

  const save = async () => {
    setError(null);
    const body: Record<string, unknown> = { name: draft.name, gbCode: draft.gbCode.trim() || null, townshipId: Number(draft.townshipId), lat: Number(draft.lat), lng: Number(draft.lng) };
    if (draft.sourceUrl.trim() || draft.id === null) body.sourceUrl = draft.sourceUrl.trim();
    // Like the main source, the sub stream and ONVIF addresses may hold credentials: never shown back, kept when left empty.
    if (draft.subSourceUrl.trim()) body.subSourceUrl = draft.subSourceUrl.trim();
    if (draft.onvifUrl.trim()) body.onvifUrl = draft.onvifUrl.trim();
    try {
      if (draft.id === null) await api('/api/cameras', { token, body });
      else {
        const res = await fetch(`/api/cameras/${draft.id}`, { method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
        if (!res.ok) throw new RequestError(res.status, toApiError(await res.json().catch(() => null)));
      }
      setDraft(EMPTY);
      setRows(await api<CameraAdminView[]>('/api/admin/cameras', { token }));
    } catch (e) {
      setError(e instanceof RequestError ? e.apiError : null);
    }
  };
  const remove = async (c: CameraAdminView) => {
    if (!confirm(t('wall.admin.confirmDelete', { name: c.name }))) return;
    try {
      await api(`/api/cameras/${c.id}`, { token, method: 'DELETE' });
      setRows(await api<CameraAdminView[]>('/api/admin/cameras', { token }));
    } catch (e) {
      setError(e instanceof RequestError ? e.apiError : null);
    }
  };
  const importCsv = async (file: File) => {
    const text = await file.text();
    const res = await fetch('/api/cameras/import', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: text });
    const body = (await res.json()) as CameraImportResult | ApiError;
    if (res.ok && 'imported' in body) {
      setCsvResult({ ok: true, text: t('wall.admin.imported', { n: body.imported }), lines: [] });
      setRows(await api<CameraAdminView[]>('/api/admin/cameras', { token }));
    } else {
      const e = body as ApiError;
      setCsvResult({ ok: false, text: `${t('wall.admin.importFailed')} ${e.message}`, lines: Object.entries(e.details ?? {}) });
    }
  };
  const field = (k: keyof Draft, label: string, extra: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <label className="field">
      <span>{label}</span>
      <input className="input input-sm" value={String(draft[k] ?? '')} onChange={(e) => setDraft({ ...draft, [k]: e.target.value })} data-testid={`cam-${k}`} {...extra} />
      {error?.details?.[k] && <span className="form-error">{error.details[k]}</span>}
    </label>
  );

  return (
    <div className="cam-admin" data-testid="camera-admin">
      <div className="cam-admin-form">
        <div className="panel-head">
          <span>{draft.id === null ? t('wall.admin.add') : `${t('wall.admin.edit')} #${draft.id}`}</span>
        </div>
        {field('name', t('wall.admin.name'))}
        {field('gbCode', t('wall.admin.gbCode'), { inputMode: 'numeric', maxLength: 20 })}
        <label className="field">
          <span>{t('wall.admin.township')}</span>
          <select className="select select-sm" value={draft.townshipId} onChange={(e) => setDraft({ ...draft, townshipId: e.target.value })} data-testid="cam-townshipId">
            <option value="" />
            {townships.map((tw) => (
              <option key={tw.id} value={tw.id}>
                {tw.name}
              </option>
            ))}
          </select>
        </label>
        {field('lat', t('wall.admin.lat'), { inputMode: 'decimal' })}
        {field('lng', t('wall.admin.lng'), { inputMode: 'decimal' })}
        {field('sourceUrl', t('wall.admin.source'), { placeholder: draft.id === null ? 'rtsp://user:pass@10.0.0.2:554/…' : t('wall.admin.sourceKeep'), autoComplete: 'off' })}
        {field('subSourceUrl', t('wall.ptz.adminSub'), { placeholder: draft.id === null ? 'rtsp://user:pass@10.0.0.2:554/…/sub' : t('wall.admin.sourceKeep'), autoComplete: 'off' })}
        {field('onvifUrl', t('wall.ptz.adminOnvif'), { placeholder: draft.id === null ? 'http://user:pass@10.0.0.2/onvif/device_service' : t('wall.admin.sourceKeep'), autoComplete: 'off' })}
        {error && <div className="form-error">{error.message}{error.details ? `：${Object.entries(error.details).map(([k, v]) => `${k} ${v}`).join('；')}` : ''}</div>}
        <div className="cam-admin-buttons">
          <button type="button" className="btn btn-sm btn-primary" onClick={() => void save()} data-testid="cam-save">
            {t('wall.admin.save')}
          </button>
          {draft.id !== null && (
            <button type="button" className="btn btn-sm" onClick={() => setDraft(EMPTY)}>
              ×
            </button>
          )}
        </div>
        <div className="panel-head">
          <span>{t('wall.admin.import')}</span>
        </div>
        <p className="muted small">{t('wall.admin.importHint')}</p>
        <input type="file" accept=".csv,text/csv" onChange={(e) => e.target.files?.[0] && void importCsv(e.target.files[0])} data-testid="cam-import" />
        {csvResult && (
          <div className={csvResult.ok ? 'form-ok' : 'form-error'} data-testid="cam-import-result">
            {csvResult.text}
            {csvResult.lines.map(([line, why]) => (
              <div key={line}>
                {line}：{why}
              </div>
            ))}
          </div>
        )}
      </div>
      <table className="cam-table">
        <thead>
          <tr>
            <th>#</th>
            <th>{t('wall.admin.name')}</th>
            <th>{t('wall.admin.township')}</th>
            <th>{t('wall.admin.source_')}</th>
            <th>{t('wall.status.online')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.id} data-testid="cam-row" data-camera-id={c.id}>
              <td className="num">{c.id}</td>
              <td>
                {c.name}
                {c.gbCode && <div className="muted small num">{c.gbCode}</div>}
              </td>
              <td>{c.townshipName}</td>
              <td className="num">
                {c.sourceKind}://{c.sourceHost}
                {c.hasCredentials && <span className="muted small"> · {t('wall.admin.credentials')}</span>}
              </td>
              <td className={`status-${c.health.status}`}>{t(`wall.status.${c.health.status}`)}</td>
              <td className="cam-row-actions">
                <button
                  type="button"
                  className="btn btn-sm"
                  onClick={() => setDraft({ id: c.id, name: c.name, gbCode: c.gbCode ?? '', townshipId: String(c.townshipId), lat: String(c.lat), lng: String(c.lng), sourceUrl: '', subSourceUrl: '', onvifUrl: '' })}
                >
                  {t('wall.admin.edit')}
                </button>
                <button type="button" className="btn btn-sm btn-ghost" onClick={() => void remove(c)}>
                  {t('wall.admin.delete')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
