// The administrator's recording policies: per camera none / continuous / around events (minutes before and after),
// retention in days, and what each camera has on disk.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RECORDING_MODES, RECORDING_MODE_LABELS, type RecordingMode, type RecordingStatus } from '../../protocol/index.ts';
import { RequestError } from '../net/http.ts';
import { formatDateTime } from '../ui/time.ts';
import { fetchPolicies, savePolicy } from './api.ts';

const size = (b: number) => (b >= 1 << 30 ? `${(b / (1 << 30)).toFixed(1)} GB` : `${(b / (1 << 20)).toFixed(1)} MB`);

export function PolicyPanel({ token }: { token: string }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [rows, setRows] = useState<RecordingStatus[]>([]);
  const [msg, setMsg] = useState<Record<number, string>>({});
  useEffect(() => {
    fetchPolicies(token).then(setRows, () => setRows([]));
  }, [token]);
  const edit = (id: number, patch: Partial<RecordingStatus>) => setRows((rs) => rs.map((r) => (r.cameraId === id ? { ...r, ...patch } : r)));
  const save = async (r: RecordingStatus) => {
    try {
      await savePolicy(token, r.cameraId, { mode: r.mode, beforeMin: r.beforeMin, afterMin: r.afterMin, retentionDays: r.retentionDays });
      setMsg((m) => ({ ...m, [r.cameraId]: t('playback.saved') }));
    } catch (e) {
      const api = e instanceof RequestError ? e.apiError : null;
      setMsg((m) => ({ ...m, [r.cameraId]: api ? `${api[en ? 'messageEn' : 'message']} ${Object.keys(api.details ?? {}).join(', ')}` : String(e) }));
    }
  };
  const num = (v: string) => (v.trim() === '' ? Number.NaN : Number(v));
  return (
    <div className="pb-policies" data-testid="recording-policies">
      {rows.map((r) => (
        <div key={r.cameraId} className="pb-policy" data-testid={`policy-${r.cameraId}`}>
          <div>{r.cameraName}</div>
          <select value={r.mode} onChange={(e) => edit(r.cameraId, { mode: e.target.value as RecordingMode })} aria-label={t('playback.mode')} data-testid="policy-mode">
            {RECORDING_MODES.map((m) => (
              <option key={m} value={m}>
                {RECORDING_MODE_LABELS[m][en ? 1 : 0]}
              </option>
            ))}
          </select>
          {r.mode === 'events' && (
            <>
              <label>
                {t('playback.before')} <input type="number" value={r.beforeMin} onChange={(e) => edit(r.cameraId, { beforeMin: num(e.target.value) })} />
              </label>
              <label>
                {t('playback.after')} <input type="number" value={r.afterMin} onChange={(e) => edit(r.cameraId, { afterMin: num(e.target.value) })} />
              </label>
            </>
          )}
          <label>
            {t('playback.retention')} <input type="number" value={r.retentionDays} onChange={(e) => edit(r.cameraId, { retentionDays: num(e.target.value) })} />
          </label>
          <button type="button" className="btn btn-sm" onClick={() => void save(r)} data-testid="policy-save">
            {t('playback.save')}
          </button>
          <span className="muted">
            {t('playback.usage', { size: size(r.bytes), n: r.segments, oldest: r.oldestAt ? formatDateTime(r.oldestAt) : t('playback.none') })} {msg[r.cameraId] ?? ''}
          </span>
        </div>
      ))}
    </div>
  );
}
