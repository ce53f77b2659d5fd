// 事件回溯 from a dispute: the nearest recorded cameras two minutes before it was registered, opened in 录像回放. The
// server picks the place (the grid report's point, else the township's centre). Clips attach to the grid report the
// dispute was made from, when there is one (evidence clips belong to incidents).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RequestError } from '../net/http.ts';
import { disputeLookback } from './api.ts';
import { usePlaybackRequest } from './handoff.ts';
import './i18n.ts';

export function DisputeVideo({ token, dispute }: { token: string; dispute: { id: number; incidentId: number | null; incidentCode: string | null } }) {
  const { t, i18n } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const open = usePlaybackRequest((s) => s.open);
  const back = async () => {
    setError(null);
    try {
      const r = await disputeLookback(token, dispute.id);
      const incident = dispute.incidentId !== null && dispute.incidentCode ? { id: dispute.incidentId, code: dispute.incidentCode } : null;
      open({ cameraIds: r.cameras.map((c) => c.id), at: r.at, incident });
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
