// 事件回溯 from a dispute: the nearest recorded cameras two minutes before it was registered, opened in 录像回放. The
// server picks the place (the grid report's point, else the township's centre). Clips cut there belong to the dispute
// itself (a walk-in 来访/来电 dispute has no incident); the drawer lists them (DisputeClips).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RequestError } from '../net/http.ts';
import type { EvidenceClip } from '../../protocol/index.ts';
import { disputeLookback, fetchDisputeClips } from './api.ts';
import { ClipList } from './ClipList.tsx';
import { usePlaybackRequest } from './handoff.ts';
import './i18n.ts';

export function DisputeVideo({ token, dispute }: { token: string; dispute: { id: number; code: string } }) {
  const { t, i18n } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const open = usePlaybackRequest((s) => s.open);
  const back = async () => {
    setError(null);
    try {
      const r = await disputeLookback(token, dispute.id);
      open({ cameraIds: r.cameras.map((c) => c.id), at: r.at, target: { kind: 'dispute', id: dispute.id, code: dispute.code } });
    } catch (e) {
      const api = e instanceof RequestError ? e.apiError : null;
      setError(api ? api[i18n.language === 'en' ? 'messageEn' : 'message'] : String(e));
    }
  };
  return (
    <>
      <button type="button" className="btn btn-sm" onClick={() => void back()} title={t('playback.disputeLookbackHint')} data-testid="dispute-lookback">
        {t('playback.lookback')}
      </button>
      {error && (
        <span className="form-error" role="alert" data-testid="lookback-error">
          {error}
        </span>
      )}
    </>
  );
}

/** The dispute's own evidence clips, refetched when the dispute changes or the drawer reopens. */
export function DisputeClips({ token, dispute }: { token: string; dispute: { id: number; code: string; version: number } }) {
  const [clips, setClips] = useState<EvidenceClip[]>([]);
  useEffect(() => {
    fetchDisputeClips(token, dispute.id).then(setClips, () => setClips([]));
  }, [token, dispute.id, dispute.version]);
  return <ClipList token={token} clips={clips} code={dispute.code} testId="dispute-clips" />;
}
