// 排班: a unit's roster of a day with the running shift marked; its duty lead (or the administrator) edits it. A county
// console picks any unit to look at.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DUTY_POSITION_LABELS, DUTY_POSITIONS, currentShift, type DutyState, type RosterDay, type RosterEntry, type SessionUser } from '../../protocol/index.ts';
import { useLabel } from '../i18n/index.ts';
import { useStore } from '../store.ts';
import { useNow } from '../ui/useNow.ts';
import { fetchRoster, saveRoster } from './actions.ts';
import { useProblem } from './useProblem.tsx';

export function RosterCard({ duty, user }: { duty: DutyState; user: SessionUser }) {
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
