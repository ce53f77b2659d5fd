// 视频会商 from the command view: chosen townships, or all of them in one click (the default in wartime).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../net/socket.ts';
import { liveSocket } from '../session/live.ts';
import { useStore } from '../store.ts';
import { Modal } from '../wartime/Modal.tsx';
import { useTownships } from '../wartime/hooks.ts';
import { MeetSession } from './session.ts';

export function OpenMeetingButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="btn btn-sm" data-testid="meet-open" onClick={() => setOpen(true)}>
        {t('meet.open')}
      </button>
      {open && <OpenMeetingForm onClose={() => setOpen(false)} />}
    </>
  );
}

function OpenMeetingForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const townships = useTownships();
  const wartime = useStore((s) => s.wartime.state?.mode === 'wartime');
  const [all, setAll] = useState(wartime);
  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const [title, setTitle] = useState(t('meet.defaultTitle'));
  const [error, setError] = useState<string | null>(null);
  const start = async () => {
    const socket = liveSocket();
    if (!socket) return;
    const r = await request(socket, 'meet:open', { kind: 'meeting', title, allTownships: all, centreIds: all ? [] : [...chosen] });
    if (!r.ok) return setError(r.error.message);
    useStore.getState().upsertMeeting(r.data.meeting);
    onClose();
    await MeetSession.start(r.data.meeting.id);
  };
  return (
    <Modal title={t('meet.openTitle')} onClose={onClose} testId="meet-open-form">
      <label className="meet-form-row">
        {t('meet.title')} <input value={title} maxLength={80} onChange={(e) => setTitle(e.target.value)} data-testid="meet-open-title" />
      </label>
      <label className="meet-form-row">
        <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} data-testid="meet-open-all" /> {t('meet.allTownships')}
      </label>
      {!all && (
        <fieldset className="meet-units">
          <legend>{t('meet.units')}</legend>
          {townships.map((c) => (
            <label key={c.id}>
              <input
                type="checkbox"
                data-testid="meet-open-unit"
                data-centre-id={c.id}
                checked={chosen.has(c.id)}
                onChange={(e) => {
                  const next = new Set(chosen);
                  if (e.target.checked) next.add(c.id);
                  else next.delete(c.id);
                  setChosen(next);
                }}
              />{' '}
              {c.name}
            </label>
          ))}
        </fieldset>
      )}
      {error && <div className="bad-text">{error}</div>}
      <div className="meet-controls">
        <button type="button" className="btn btn-primary" data-testid="meet-open-start" disabled={!title.trim() || (!all && chosen.size === 0)} onClick={() => void start()}>
          {t('meet.start')}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onClose}>
          {t('meet.close')}
        </button>
      </div>
    </Modal>
  );
}
