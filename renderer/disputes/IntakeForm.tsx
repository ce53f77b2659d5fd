// 窗口登记: one form for every channel. Before saving, the parties are checked against the people on record (same ID
// number, same phone, same set of parties) and earlier cases are shown (重复访); the clerk may link a party to the person
// found. Saving answers with the receipt, printed at once.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DISPUTE_CHANNELS, DISPUTE_CHANNEL_LABELS, DISPUTE_STATE_LABELS, DISPUTE_TYPES, DISPUTE_TYPE_LABELS, ID_TYPES, ID_TYPE_LABELS, PARTY_ROLE_LABELS,
  type DisputeChannel, type DisputeReceipt, type DisputeType, type IdType, type PartyInput, type PartyMatches, type PartyRole,
} from '../../protocol/index.ts';
import { useErrorText, useLabel } from '../i18n/index.ts';
import { RequestError } from '../net/http.ts';
import type { Session } from '../session/sessionSlice.ts';
import { useStore } from '../store.ts';
import { formatDateTime } from '../ui/time.ts';
import { useCentres } from '../alerts/RaiseForm.tsx';
import { matchParties, registerDispute } from './api.ts';
import { FIELD_KEYS, fieldOf, newKey } from './model.ts';

interface PartyDraft { role: PartyRole; name: string; phone: string; idType: IdType | ''; idNumber: string; personId: number | null }
const emptyParty = (role: PartyRole): PartyDraft => ({ role, name: '', phone: '', idType: '', idNumber: '', personId: null });

const toInput = (p: PartyDraft): PartyInput => ({
  role: p.role, name: p.name.trim(), phone: p.phone.trim() || null, idType: p.idType || null, idNumber: p.idNumber.trim() || null, personId: p.personId,
});

export function IntakeForm({ session, onRegistered }: { session: Session; onRegistered: (r: DisputeReceipt, id: number) => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const errorText = useErrorText();
  const centres = useStore((s) => s.centres);
  const incidents = useStore((s) => s.incidents);
  const disputes = useStore((s) => s.disputes);
  const county = session.user.centreLevel === 'county';
  useCentres(session.token);
  const [key, setKey] = useState(newKey);
  const [channel, setChannel] = useState<DisputeChannel>('walk_in');
  const [hotlineRef, setHotlineRef] = useState('');
  const [sourceUnit, setSourceUnit] = useState('');
  const [incidentId, setIncidentId] = useState<number | ''>('');
  const [type, setType] = useState<DisputeType>('neighbour');
  const [amount, setAmount] = useState('');
  const [peopleCount, setPeopleCount] = useState('2');
  const [extremeThreat, setExtremeThreat] = useState(false);
  const [townshipId, setTownshipId] = useState<number | ''>('');
  const [summary, setSummary] = useState('');
  const [parties, setParties] = useState<PartyDraft[]>([emptyParty('applicant'), emptyParty('respondent')]);
  const [matches, setMatches] = useState<PartyMatches | null>(null);
  const [busy, setBusy] = useState<'check' | 'save' | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** Fields the server refused: `<row>:<field>` for a party, the field name otherwise. */
  const [bad, setBad] = useState<ReadonlySet<string>>(new Set());

  const townships = useMemo(() => (centres ?? []).filter((c) => c.level === 'township'), [centres]);
  // Grid reports of the dispute category that are not a case yet.
  const converted = useMemo(() => new Set(Object.values(disputes).map((d) => d.incidentId)), [disputes]);
  const gridReports = useMemo(
    () => Object.values(incidents).filter((i) => i.category === 'dispute' && !converted.has(i.id)).sort((a, b) => b.reportedAt - a.reportedAt),
    [incidents, converted],
  );

  const setParty = (i: number, patch: Partial<PartyDraft>) => {
    setParties((ps) => ps.map((p, j) => (j === i ? { ...p, ...patch, ...(('name' in patch || 'phone' in patch || 'idNumber' in patch) && !('personId' in patch) ? { personId: null } : {}) } : p)));
    setMatches(null);
  };
  const filled = () => parties.filter((p) => p.name.trim());

  // The refusal in words, naming the fields as the form shows them (当事人 2 · 证件号码), and those fields marked.
  const fail = (e: unknown) => {
    if (!(e instanceof RequestError) || !e.apiError) return setError(String(e));
    const rows = filled();
    const marks = new Set<string>();
    const names: string[] = [];
    for (const path of Object.keys(e.apiError.details ?? {})) {
      const { party, field } = fieldOf(path);
      const key = FIELD_KEYS[field];
      if (!key) continue;
      const row = party === null ? -1 : parties.indexOf(rows[party] as PartyDraft);
      marks.add(row >= 0 ? `${row}:${field}` : field);
      names.push(row >= 0 ? `${t('disputes.intake.partyN', { n: row + 1 })} · ${t(`disputes.intake.${key}`)}` : t(`disputes.intake.${key}`));
    }
    setBad(marks);
    setError(names.length ? `${errorText(e.apiError)}：${names.join('、')}` : errorText(e.apiError));
  };
  const invalid = (key: string) => (bad.has(key) ? true : undefined);

  const check = async (): Promise<PartyMatches | null> => {
    const ps = filled();
    if (!ps.some((p) => p.role === 'applicant')) {
      setError(t('disputes.intake.needParty'));
      return null;
    }
    setBusy('check');
    setError(null);
    try {
      const m = await matchParties(session.token, ps.map(toInput));
      setMatches(m);
      return m;
    } catch (e) {
      fail(e);
      return null;
    } finally {
      setBusy(null);
    }
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    // The repeat-visit check runs before the first save: a clerk who has not looked sees the warning first.
    if (!matches) {
      const m = await check();
      if (!m || m.cases.length > 0 || m.people.length > 0) return;
    }
    setBusy('save');
    setError(null);
    setBad(new Set());
    try {
      const r = await registerDispute(session.token, {
        idempotencyKey: key, channel, type, summary, extremeThreat,
        hotlineRef: hotlineRef.trim() || null, sourceUnit: sourceUnit.trim() || null, incidentId: incidentId === '' ? null : incidentId,
        amount: amount.trim() === '' ? null : Number(amount), peopleCount: Number(peopleCount) || 1, townshipId: townshipId === '' ? null : townshipId,
        parties: filled().map(toInput),
      });
      useStore.getState().upsertDisputes([r.dispute]);
      onRegistered(r.receipt, r.dispute.id);
      setKey(newKey());
      setSummary('');
      setAmount('');
      setHotlineRef('');
      setSourceUnit('');
      setIncidentId('');
      setExtremeThreat(false);
      setPeopleCount('2');
      setParties([emptyParty('applicant'), emptyParty('respondent')]);
      setMatches(null);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(null);
    }
  };

  const pickIncident = (id: number | '') => {
    setIncidentId(id);
    const inc = id === '' ? undefined : incidents[id];
    if (inc) {
      setSummary((s) => s || inc.description);
      if (inc.townshipId) setTownshipId(inc.townshipId);
    }
  };

  // Sent here from a grid report (登记为矛盾纠纷): start from it, once.
  const draft = useStore((s) => s.disputeDraft);
  useEffect(() => {
    if (!draft || !incidents[draft.incidentId]) return;
    setChannel('grid_report');
    pickIncident(draft.incidentId);
    useStore.getState().setDisputeDraft(null);
  }, [draft, incidents]);

  const indexOfFilled = (k: number) => parties.indexOf(filled()[k] as PartyDraft);

  return (
    <form className="dispute-form" onSubmit={(e) => void submit(e)} data-testid="dispute-form">
      <label>
        {t('disputes.intake.channel')}
        <select className="input" value={channel} data-testid="intake-channel" onChange={(e) => setChannel(e.target.value as DisputeChannel)}>
          {DISPUTE_CHANNELS.map((c) => (
            <option key={c} value={c}>{label(DISPUTE_CHANNEL_LABELS[c])}</option>
          ))}
        </select>
      </label>
      {channel === 'phone' && (
        <label>
          {t('disputes.intake.hotlineRef')}
          <input className="input" value={hotlineRef} maxLength={40} data-testid="intake-hotline" onChange={(e) => setHotlineRef(e.target.value)} />
        </label>
      )}
      {(channel === 'assigned' || channel === 'transferred') && (
        <>
          <label>
            {t('disputes.intake.sourceUnit')}
            <input className="input" value={sourceUnit} maxLength={60} required aria-invalid={invalid('sourceUnit')} onChange={(e) => setSourceUnit(e.target.value)} />
          </label>
          <label>
            {t('disputes.intake.docRef')}
            <input className="input" value={hotlineRef} maxLength={40} onChange={(e) => setHotlineRef(e.target.value)} />
          </label>
        </>
      )}
      {channel === 'grid_report' && (
        <label>
          {t('disputes.intake.incident')}
          <select className="input" value={incidentId} required onChange={(e) => pickIncident(e.target.value === '' ? '' : Number(e.target.value))}>
            <option value="">{gridReports.length ? '' : t('disputes.intake.incidentNone')}</option>
            {gridReports.map((i) => (
              <option key={i.id} value={i.id}>{`${i.code} · ${i.gridName ?? ''} · ${i.description.slice(0, 20)}`}</option>
            ))}
          </select>
        </label>
      )}

      <fieldset className="dispute-parties">
        <legend>{t('disputes.intake.parties')}</legend>
        {parties.map((p, i) => (
          <div className="party-row" key={i} data-testid="party-row" data-role={p.role}>
            <span className="party-role" data-role={p.role}>{label(PARTY_ROLE_LABELS[p.role])}</span>
            <input className="input" placeholder={t('disputes.intake.name')} aria-label={t('disputes.intake.name')} value={p.name} maxLength={60} data-testid="party-name" aria-invalid={invalid(`${i}:name`)} onChange={(e) => setParty(i, { name: e.target.value })} />
            <input className="input" placeholder={t('disputes.intake.phone')} aria-label={t('disputes.intake.phone')} value={p.phone} maxLength={24} inputMode="tel" data-testid="party-phone" aria-invalid={invalid(`${i}:phone`)} onChange={(e) => setParty(i, { phone: e.target.value })} />
            <select className="input" aria-label={t('disputes.intake.idType')} value={p.idType} data-testid="party-idtype" aria-invalid={invalid(`${i}:idType`)} onChange={(e) => setParty(i, { idType: e.target.value as IdType | '' })}>
              <option value="">{t('disputes.intake.idTypeNone')}</option>
              {ID_TYPES.map((x) => (
                <option key={x} value={x}>{label(ID_TYPE_LABELS[x])}</option>
              ))}
            </select>
            <input className="input" placeholder={t('disputes.intake.idNumber')} aria-label={t('disputes.intake.idNumber')} value={p.idNumber} maxLength={40} data-testid="party-idnumber" aria-invalid={invalid(`${i}:idNumber`)} onChange={(e) => setParty(i, { idNumber: e.target.value })} />
            {parties.length > 1 && (
              <button type="button" className="btn btn-sm btn-ghost" onClick={() => setParties((ps) => ps.filter((_, j) => j !== i))}>{t('disputes.intake.remove')}</button>
            )}
            {p.personId !== null && <span className="chip" data-tone="info">{t('disputes.intake.linked')}</span>}
          </div>
        ))}
        <div className="actions">
          <button type="button" className="btn btn-sm" onClick={() => setParties((ps) => [...ps, emptyParty('applicant')])}>{t('disputes.intake.addApplicant')}</button>
          <button type="button" className="btn btn-sm" onClick={() => setParties((ps) => [...ps, emptyParty('respondent')])}>{t('disputes.intake.addRespondent')}</button>
          <button type="button" className="btn btn-sm" disabled={busy !== null} data-testid="intake-check" onClick={() => void check()}>
            {busy === 'check' ? t('disputes.intake.checking') : t('disputes.intake.check')}
          </button>
        </div>
      </fieldset>

      {matches && (
        <div className="repeat-box" data-testid="repeat-warning" data-count={matches.cases.length} data-tone={matches.cases.length ? 'warn' : undefined} role="status">
          {matches.cases.length === 0 && matches.people.length === 0 && <div>{t('disputes.intake.noMatch')}</div>}
          {matches.people.map((m) => {
            const i = indexOfFilled(m.party);
            const linked = parties[i]?.personId === m.personId;
            return (
              <div key={`${m.party}:${m.personId}`} className="repeat-person">
                {t('disputes.intake.matchPerson', { name: m.name, why: t(`disputes.intake.matchWhy.${m.reason}`) })} <span className="mono">{m.phone ?? ''} {m.idNumber ?? ''}</span>{' '}
                <button type="button" className="btn btn-sm" disabled={linked} data-testid="link-person" onClick={() => setParty(i, { personId: m.personId })}>
                  {linked ? t('disputes.intake.linked') : t('disputes.intake.link')}
                </button>
              </div>
            );
          })}
          {matches.cases.length > 0 && (
            <>
              <b>{t('disputes.intake.repeatTitle', { n: matches.cases.length })}</b>
              <ul>
                {matches.cases.map((c) => (
                  <li key={c.id} data-testid="earlier-case">
                    <span className="mono">{c.code}</span> {formatDateTime(c.registeredAt)} {label(DISPUTE_TYPE_LABELS[c.type])} · {label(DISPUTE_STATE_LABELS[c.state])}
                    {c.sameParties && <span className="chip" data-tone="bad">{t('disputes.intake.sameParties')}</span>}
                    <div className="muted">{c.visible ? c.summary.slice(0, 60) : t('disputes.intake.notVisible')}</div>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}

      <div className="form-grid">
        <label>
          {t('disputes.intake.type')}
          <select className="input" value={type} data-testid="intake-type" onChange={(e) => setType(e.target.value as DisputeType)}>
            {DISPUTE_TYPES.map((x) => (
              <option key={x} value={x}>{label(DISPUTE_TYPE_LABELS[x])}</option>
            ))}
          </select>
        </label>
        <label>
          {t('disputes.intake.peopleCount')}
          <input className="input" type="number" min={1} value={peopleCount} data-testid="intake-people" onChange={(e) => setPeopleCount(e.target.value)} />
        </label>
        <label>
          {t('disputes.intake.amount')}
          <input className="input" type="number" min={0} step="0.01" value={amount} data-testid="intake-amount" onChange={(e) => setAmount(e.target.value)} />
        </label>
        {county && (
          <label>
            {t('disputes.intake.township')}
            <select className="input" value={townshipId} data-testid="intake-township" onChange={(e) => setTownshipId(e.target.value === '' ? '' : Number(e.target.value))}>
              <option value="">{t('disputes.intake.townshipNone')}</option>
              {townships.map((c) => (
                <option key={c.id} value={c.id}>{c.name}</option>
              ))}
            </select>
          </label>
        )}
      </div>
      <label className="check">
        <input type="checkbox" checked={extremeThreat} data-testid="intake-threat" onChange={(e) => setExtremeThreat(e.target.checked)} />
        {t('disputes.intake.extremeThreat')}
      </label>
      <label>
        {t('disputes.intake.summary')}
        <textarea className="textarea" rows={3} value={summary} maxLength={2000} required data-testid="intake-summary" aria-invalid={invalid('summary')} onChange={(e) => setSummary(e.target.value)} />
      </label>
      {error && <div className="form-error" role="alert" data-testid="intake-error">{error}</div>}
      <button type="submit" className="btn btn-primary" disabled={busy !== null} data-testid="intake-submit">
        {busy === 'save' ? t('disputes.intake.submitting') : t('disputes.intake.submit')}
      </button>
    </form>
  );
}
