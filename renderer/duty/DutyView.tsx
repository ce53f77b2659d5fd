// 值班: the unit's roster (edited by its duty lead), the shift handover (交接班) with the note the server computes from
// what is open, the duty log (值班日志) and the printed daily record.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DELIVERY_CONFIRMERS, DUTY_LOG_KIND_LABELS, DUTY_LOG_KINDS, DUTY_POSITION_LABELS, DUTY_POSITIONS, HANDOVER_REASON_LABELS, currentShift,
  type ApiError, type DutyLogKind, type DutyState, type Handover, type HandoverNote, type RosterDay, type RosterEntry, type SessionUser,
} from '../../protocol/index.ts';
import { useErrorText, useLabel } from '../i18n/index.ts';
import type { Session } from '../session/sessionSlice.ts';
import { useStore } from '../store.ts';
import { formatDateTime } from '../ui/time.ts';
import { useNow } from '../ui/useNow.ts';
import { acceptHandover, addDutyLog, downloadDutyRecord, fetchRoster, handOver, previewHandover, saveRoster } from './actions.ts';
import './i18n.ts';
import './duty.css';

export function DutyView({ session }: { session: Session }) {
  const { t } = useTranslation();
  const duty = useStore((s) => s.duty);
  const [printing, setPrinting] = useState(false);
  const now = useNow(30_000);
  if (!duty) return <div className="queue-empty">…</div>;
  const cur = currentShift(duty.shifts, now);
  // the administrator keeps rosters but not the duty itself (no handover, no log)
  const keepsDuty = DELIVERY_CONFIRMERS.includes(session.user.role);
  const print = async () => {
    setPrinting(true);
    try {
      await downloadDutyRecord(session.token, cur?.day ?? formatDateTime(now).slice(0, 10));
    } finally {
      setPrinting(false);
    }
  };
  return (
    <div className="duty" data-testid="duty-view">
      <RosterCard duty={duty} user={session.user} />
      <HandoverCard duty={duty} userId={session.user.id} keepsDuty={keepsDuty} />
      <LogCard duty={duty} keepsDuty={keepsDuty} />
      <section className="duty-card">
        <h3>{t('duty.print')}</h3>
        <div className="duty-body">
          <div className="duty-row">
            <button type="button" className="btn" data-testid="duty-print" disabled={printing} onClick={() => void print()}>
              {printing ? t('duty.printing') : t('duty.print')}
            </button>
            <span className="muted">{cur?.day}</span>
          </div>
        </div>
      </section>
    </div>
  );
}

function useProblem() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [error, setError] = useState<ApiError | null>(null);
  const view = error && (
    <div className="duty-error" role="alert" data-testid="duty-error">
      {t('duty.error', { msg: errorText(error) })}
      {error.details && ` (${Object.entries(error.details).map(([k, v]) => `${k}: ${v}`).join('; ')})`}
    </div>
  );
  return { setError, view };
}

function RosterCard({ duty, user }: { duty: DutyState; user: SessionUser }) {
  const { t } = useTranslation();
  const label = useLabel();
  const now = useNow(30_000);
  const cur = currentShift(duty.shifts, now);
  const [day, setDay] = useState(() => cur?.day ?? duty.rosters[1]?.day ?? '');
  // the county looks at any unit's roster; the administrator edits it
  const county = user.centreLevel === 'county';
  const units = useStore((s) => s.centres);
  const [centreId, setCentreId] = useState(user.centreId);
  const own = centreId === user.centreId;
  const [other, setOther] = useState<{ roster: RosterDay; dutyPhone: string | null } | null>(null);
  const [draft, setDraft] = useState<RosterEntry[] | null>(null);
  const [phone, setPhone] = useState('');
  const [phoneTouched, setPhoneTouched] = useState(false);
  const [saved, setSaved] = useState(false);
  const { setError, view: problem } = useProblem();
  useEffect(() => {
    setOther(null);
    if (own) return;
    let live = true;
    void fetchRoster(centreId, day).then((r) => live && (r.ok ? setOther(r.value) : setError(r.error)));
    return () => {
      live = false;
    };
  }, [centreId, day, own, setError]);
  const empty: RosterDay = { centreId, day, entries: [], updatedAt: null, updatedBy: null };
  const roster = (own ? duty.rosters.find((r) => r.day === day) : other?.roster) ?? empty;
  const dutyPhone = own ? duty.dutyPhone : (other?.dutyPhone ?? null);
  const mayEdit = own ? duty.mayEditRoster : user.role === 'admin';
  const shiftName = (code: string) => {
    const s = duty.shifts.find((x) => x.code === code);
    return s ? `${label(s.label)} ${s.start}–${s.end}` : code;
  };
  const edit = () => {
    setDraft(roster.entries.map((e) => ({ ...e })));
    setPhone(dutyPhone ?? '');
    setPhoneTouched(false);
    setSaved(false);
  };
  const patch = (i: number, p: Partial<RosterEntry>) => setDraft((d) => d && d.map((e, j) => (j === i ? { ...e, ...p } : e)));
  const save = async () => {
    if (!draft) return;
    const r = await saveRoster({ centreId, day, entries: draft, ...(phoneTouched || own ? { dutyPhone: phone } : {}) });
    if (!r.ok) return setError(r.error);
    if (!own) setOther({ roster: r.value, dutyPhone: own || phoneTouched ? phone.trim() || null : dutyPhone });
    setError(null);
    setDraft(null);
    setSaved(true);
  };
  const rows = draft ?? roster.entries;
  return (
    <section className="duty-card" data-testid="duty-roster">
      <h3>
        {t('duty.roster.title')}
        <span className="sp" />
        {county && (
          <select className="select" value={centreId} aria-label={t('duty.directory.unit')} data-testid="roster-unit" onChange={(e) => (setCentreId(Number(e.target.value)), setDraft(null))}>
            <option value={user.centreId}>{user.centreName}</option>
            {(units ?? []).filter((c) => c.id !== user.centreId && c.level !== 'village').map((c) => (
              <option key={c.id} value={c.id}>{c.name}</option>
            ))}
          </select>
        )}
        <select className="select" value={day} aria-label={t('duty.roster.day')} onChange={(e) => (setDay(e.target.value), setDraft(null))}>
          {duty.rosters.map((r) => (
            <option key={r.day} value={r.day}>
              {r.day}
            </option>
          ))}
        </select>
        {mayEdit && !draft && (
          <button type="button" className="btn btn-sm" data-testid="roster-edit" onClick={edit}>
            {t('duty.roster.edit')}
          </button>
        )}
      </h3>
      <div className="duty-body">
        <div className="duty-row">
          <span className="muted">{t('duty.roster.dutyPhone')}</span>
          {draft ? (
            <input className="input" value={phone} onChange={(e) => (setPhone(e.target.value), setPhoneTouched(true))} data-testid="roster-phone" style={{ width: 160 }} />
          ) : (
            <span className="num" data-testid="duty-phone">{dutyPhone ?? '—'}</span>
          )}
        </div>
        <table className="duty-table">
          <thead>
            <tr>
              <th>{t('duty.roster.shift')}</th>
              <th>{t('duty.roster.position')}</th>
              <th>{t('duty.roster.name')}</th>
              <th>{t('duty.roster.phone')}</th>
              {draft && <th />}
            </tr>
          </thead>
          <tbody>
            {rows.map((e, i) => (
              <tr key={i} data-testid="roster-row" data-now={!draft && cur?.day === day && cur.shift.code === e.shift}>
                {draft ? (
                  <>
                    <td>
                      <select className="select" value={e.shift} onChange={(ev) => patch(i, { shift: ev.target.value })}>
                        {duty.shifts.map((s) => (
                          <option key={s.code} value={s.code}>{shiftName(s.code)}</option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <select className="select" value={e.position} onChange={(ev) => patch(i, { position: ev.target.value as RosterEntry['position'] })}>
                        {DUTY_POSITIONS.map((p) => (
                          <option key={p} value={p}>{label(DUTY_POSITION_LABELS[p])}</option>
                        ))}
                      </select>
                    </td>
                    <td><input className="input" value={e.name} data-testid="roster-name" onChange={(ev) => patch(i, { name: ev.target.value })} /></td>
                    <td><input className="input" value={e.phone} onChange={(ev) => patch(i, { phone: ev.target.value })} /></td>
                    <td>
                      <button type="button" className="btn btn-sm btn-ghost" onClick={() => setDraft((d) => d && d.filter((_, j) => j !== i))}>
                        {t('duty.roster.remove')}
                      </button>
                    </td>
                  </>
                ) : (
                  <>
                    <td>{shiftName(e.shift)}</td>
                    <td>{label(DUTY_POSITION_LABELS[e.position])}</td>
                    <td>{e.name}</td>
                    <td className="num">{e.phone}</td>
                  </>
                )}
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">{t('duty.roster.empty')}</td>
              </tr>
            )}
          </tbody>
        </table>
        {draft && (
          <div className="duty-row">
            <button
              type="button"
              className="btn btn-sm"
              data-testid="roster-add"
              onClick={() => setDraft((d) => [...(d ?? []), { shift: cur?.shift.code ?? duty.shifts[0]?.code ?? '', position: 'officer', name: '', phone: '', userId: null }])}
            >
              {t('duty.roster.add')}
            </button>
            <span className="sp" style={{ flex: 1 }} />
            <button type="button" className="btn btn-sm btn-ghost" onClick={() => setDraft(null)}>{t('duty.roster.cancel')}</button>
            <button type="button" className="btn btn-sm btn-primary" data-testid="roster-save" onClick={() => void save()}>{t('duty.roster.save')}</button>
          </div>
        )}
        {saved && <div className="duty-ok" data-testid="roster-saved">{t('duty.roster.saved')}</div>}
        {problem}
        <div className="muted" style={{ fontSize: 12 }}>{t('duty.roster.whoEdits')}</div>
      </div>
    </section>
  );
}

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

function HandoverCard({ duty, userId, keepsDuty }: { duty: DutyState; userId: number; keepsDuty: boolean }) {
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

const HOURS = Array.from({ length: 24 }, (_, i) => String(i).padStart(2, '0'));
const MINUTES = Array.from({ length: 12 }, (_, i) => String(i * 5).padStart(2, '0'));

function LogCard({ duty, keepsDuty }: { duty: DutyState; keepsDuty: boolean }) {
  const { t } = useTranslation();
  const label = useLabel();
  const [kind, setKind] = useState<DutyLogKind>('call');
  const [text, setText] = useState('');
  // no hour: now; an earlier hour and minute is the last such minute (a call written down after it was taken)
  const [hour, setHour] = useState('');
  const [minute, setMinute] = useState('00');
  const [busy, setBusy] = useState(false);
  const { setError, view: problem } = useProblem();
  const entries = useMemo(() => duty.log, [duty.log]);
  const add = async () => {
    setBusy(true);
    const now = Date.now();
    let at: number | undefined;
    if (hour) {
      at = Date.parse(`${formatDateTime(now).slice(0, 10)}T${hour}:${minute}:00+08:00`);
      if (at > now) at -= 24 * 3600_000;
    }
    const r = await addDutyLog(kind, text, at);
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setError(null);
    setText('');
    setHour('');
  };
  return (
    <section className="duty-card" data-testid="duty-log">
      <h3>{t('duty.log.title')}</h3>
      <div className="duty-body">
        {keepsDuty && (
          <div className="duty-row">
            <select className="select" value={kind} aria-label={t('duty.log.kind')} onChange={(e) => setKind(e.target.value as DutyLogKind)}>
              {DUTY_LOG_KINDS.map((k) => (
                <option key={k} value={k}>{label(DUTY_LOG_KIND_LABELS[k])}</option>
              ))}
            </select>
            <select className="select" value={hour} aria-label={t('duty.log.at')} data-testid="log-hour" onChange={(e) => setHour(e.target.value)}>
              <option value="">{t('duty.log.now')}</option>
              {HOURS.map((h) => (
                <option key={h} value={h}>{h}</option>
              ))}
            </select>
            {hour && (
              <select className="select" value={minute} aria-label={t('duty.log.minute')} data-testid="log-minute" onChange={(e) => setMinute(e.target.value)}>
                {MINUTES.map((m) => (
                  <option key={m} value={m}>{m}</option>
                ))}
              </select>
            )}
            <input className="input" style={{ flex: 1 }} placeholder={t('duty.log.placeholder')} value={text} data-testid="log-text" onChange={(e) => setText(e.target.value)} />
            <button type="button" className="btn btn-sm btn-primary" disabled={busy || !text.trim()} data-testid="log-add" onClick={() => void add()}>
              {t('duty.log.add')}
            </button>
          </div>
        )}
        {problem}
        <table className="duty-table">
          <thead>
            <tr>
              <th>{t('duty.log.at')}</th>
              <th>{t('duty.log.kind')}</th>
              <th>{t('duty.log.text')}</th>
              <th>{t('duty.log.by')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-testid="log-row">
                <td className="num">{formatDateTime(e.at)}</td>
                <td>{label(DUTY_LOG_KIND_LABELS[e.kind])}</td>
                <td>{e.text}</td>
                <td>{e.by.name}</td>
              </tr>
            ))}
            {entries.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">{t('duty.log.empty')}</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
