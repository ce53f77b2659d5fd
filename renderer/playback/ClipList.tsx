// A case's evidence clips (an incident's or a dispute's), each with its hash and a download (the server logs every one).
import { useTranslation } from 'react-i18next';
import type { EvidenceClip } from '../../protocol/index.ts';
import { formatDateTime, formatTime } from '../ui/time.ts';
import { fetchBlobUrl } from '../incidents/api.ts';
import './i18n.ts';

/** Short clips are a few hundred KB: "0.0 MB" would read as empty. */
const size = (b: number) => (b < 1048576 ? `${Math.max(1, Math.round(b / 1024))} KB` : `${(b / 1048576).toFixed(1)} MB`);

export function ClipList({ token, clips, code, testId }: { token: string; clips: EvidenceClip[]; code: string; testId: string }) {
  const { t } = useTranslation();
  const download = async (c: EvidenceClip) => {
    const url = await fetchBlobUrl(token, `/api/recordings/clips/${c.id}/file`);
    const a = document.createElement('a');
    a.href = url;
    a.download = `${code}-${c.id}.mp4`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  if (!clips.length) return null;
  return (
    <>
      <h4>{t('playback.clips')}</h4>
      <ul className="case-clips" data-testid={testId}>
        {clips.map((c) => (
          <li key={c.id}>
            {c.cameraName} · {formatDateTime(c.from)}–{formatTime(c.to)} · {size(c.bytes)} · <code title={c.sha256}>SHA-256 {c.sha256.slice(0, 12)}…</code>{' '}
            <button type="button" className="btn btn-sm" onClick={() => void download(c)}>
              {t('playback.download')}
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
