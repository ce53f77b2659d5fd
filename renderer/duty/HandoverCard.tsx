// 交接班: 交班 shows the note the server computes from what is open now; the outgoing officer adds remarks and hands
// over; another officer of the unit accepts (接班). The last two days' records below.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HANDOVER_REASON_LABELS, type ApiError, type DutyState, type Handover, type HandoverNote } from '../../protocol/index.ts';
import { useLabel } from '../i18n/index.ts';
import { formatDateTime } from '../ui/time.ts';
import { acceptHandover, handOver, previewHandover } from './actions.ts';
import { useProblem } from './useProblem.tsx';

function NoteList({ note }: { note: HandoverNote }) {
  const { t } = useTranslation();
  const label = useLabel();
  if (note.items.length === 0) return <div className="muted">{t('duty.handover.nothingOpen')}</div>;
  return (
    <ul className="duty-note" data-testid="handover-note">
      {note.items.map((i, n) => (
        <li key={n} data-reason={i.reason} data-kind={i.kind} data-testid="handover-item">
          <span className="r">【{label(HANDOVER_REASON_LABELS[i.reason])}】</span>
          {i.title}
          <span className="d">{i.detail}</span>
        </li>
      ))}
    </ul>
  );
}

function HandoverBlock({ h }: { h: Handover }) {
  const { t } = useTranslation();
  return (
    <div className="duty-handover" data-testid="handover-record" data-waiting={h.acceptedAt === null} data-id={h.id}>
      <div className="duty-row">
        <span className="duty-state" data-state={h.acceptedAt === null ? 'waiting' : 'accepted'}>
          {h.acceptedAt === null ? t('duty.handover.waiting') : t('duty.handover.accepted')}
        </span>
        <span>{t('duty.handover.from')} {h.from.name}</span>
        <span className="muted num">{formatDateTime(h.handedAt)}</span>
        {h.to && h.acceptedAt !== null && (
          <>
            <span>{t('duty.handover.to')} <span data-testid="handover-to">{h.to.name}</span></span>
            <span className="muted num">{formatDateTime(h.acceptedAt)}</span>
          </>
        )}
      </div>
      <NoteList note={h.note} />
      {h.remarks && <div>{t('duty.handover.remarks')}：<span data-testid="handover-remarks">{h.remarks}</span></div>}
      {h.acceptRemarks && <div>{t('duty.handover.acceptRemarks')}：{h.acceptRemarks}</div>}
    </div>
  );
}

export function HandoverCard({ duty, userId, keepsDuty }: { duty: DutyState; userId: number; keepsDuty: boolean }) {
  const { t } = useTranslation();
  const [preview, setPreview] = useState<HandoverNote | null>(null);
  const [remarks, setRemarks] = useState('');
  const [busy, setBusy] = useState(false);
  const { setError, view: problem } = useProblem();
  const waiting = duty.handovers.find((h) => h.acceptedAt === null) ?? null;
  const done = duty.handovers.filter((h) => h.acceptedAt !== null);
  const run = async (f: () => Promise<{ ok: true } | { ok: false; error: ApiError }>) => {
    setBusy(true);
    const r = await f();
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setError(null);
    setPreview(null);
    setRemarks('');
  };
  const start = async () => {
    setBusy(true);
    const r = await previewHandover();
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setPreview(r.value);
  };
  return (
    <section className="duty-card" data-testid="duty-handover">
      <h3>
        {t('duty.handover.title')}
        <span className="sp" />
        {keepsDuty && !waiting && !preview && (
          <button type="button" className="btn btn-sm btn-primary" data-testid="handover-start" disabled={busy} onClick={() => void start()}>
            {t('duty.handover.start')}
          </button>
        )}
      </h3>
      <div className="duty-body">
        {preview && (
          <div className="duty-handover" data-testid="handover-preview">
            <div className="muted">{t('duty.handover.preview')}</div>
            <NoteList note={preview} />
            <textarea className="textarea" rows={3} placeholder={t('duty.handover.remarks')} value={remarks} data-testid="handover-remarks-input" onChange={(e) => setRemarks(e.target.value)} />
            <div className="duty-row">
              <button type="button" className="btn btn-sm btn-ghost" onClick={() => setPreview(null)}>{t('duty.roster.cancel')}</button>
              <button type="button" className="btn btn-sm btn-primary" data-testid="handover-confirm" disabled={busy} onClick={() => void run(() => handOver(remarks))}>
                {t('duty.handover.confirm')}
              </button>
            </div>
          </div>
        )}
        {waiting && (
          <>
            <HandoverBlock h={waiting} />
            {waiting.from.id === userId ? (
              <div className="muted">{t('duty.handover.ownWaiting')}</div>
            ) : !keepsDuty ? null : (
              <div className="duty-row">
                <input className="input" style={{ flex: 1 }} placeholder={t('duty.handover.acceptRemarks')} value={remarks} data-testid="handover-accept-remarks" onChange={(e) => setRemarks(e.target.value)} />
                <button type="button" className="btn btn-sm btn-primary" data-testid="handover-accept" disabled={busy} onClick={() => void run(() => acceptHandover(waiting.id, remarks))}>
                  {t('duty.handover.confirmAccept')}
                </button>
              </div>
            )}
          </>
        )}
        {problem}
        {done.length > 0 && <div className="muted">{t('duty.handover.recent')}</div>}
        {done.map((h) => (
          <HandoverBlock key={h.id} h={h} />
        ))}
      </div>
    </section>
  );
}
