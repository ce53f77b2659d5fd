// A case's video: 事件回溯 (the nearest recorded cameras two minutes before the report, opened in 录像回放) and the
// evidence clips attached to it, each downloadable (the server logs every download).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceClip } from '../../protocol/index.ts';
import { RequestError } from '../net/http.ts';
import { fetchClips, lookback } from './api.ts';
import { ClipList } from './ClipList.tsx';
import { usePlaybackRequest } from './handoff.ts';
import './i18n.ts';

export function CaseVideo({ token, incident }: { token: string; incident: { id: number; code: string; version: number } }) {
  const { t, i18n } = useTranslation();
  const [clips, setClips] = useState<EvidenceClip[]>([]);
  const [error, setError] = useState<string | null>(null);
  const open = usePlaybackRequest((s) => s.open);
  useEffect(() => {
    fetchClips(token, incident.id).then(setClips, () => setClips([]));
  }, [token, incident.id, incident.version]);
  const back = async () => {
    setError(null);
    try {
      const r = await lookback(token, incident.id);
      open({ cameraIds: r.cameras.map((c) => c.id), at: r.at, target: { kind: 'incident', id: incident.id, code: incident.code } });
    } catch (e) {
      const api = e instanceof RequestError ? e.apiError : null;
      setError(api ? api[i18n.language === 'en' ? 'messageEn' : 'message'] : String(e));
    }
  };
  return (
    <div className="case-video" data-testid="case-video">
      <button type="button" className="btn btn-sm" onClick={() => void back()} title={t('playback.lookbackHint')} data-testid="incident-lookback">
        {t('playback.lookback')}
      </button>
      {error && (
        <div className="form-error" role="alert" data-testid="lookback-error">
          {error}
        </div>
      )}
      <ClipList token={token} clips={clips} code={incident.code} testId="incident-clips" />
    </div>
  );
}
