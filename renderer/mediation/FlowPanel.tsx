// The flow of one dispute inside its drawer: 先行调解 (mediator, room, sessions, agreement and its 协议书, 司法确认), the
// routing (the table's suggestion, the unit, 签收 and its deadline, the last return), the result and the 回访, and the
// steps this user may take now (exactly the server's `allowed`).
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DELIVERY_STATE_LABELS, FLOW_ACTION_LABELS, JUDICIAL_STATES, ROUTING_CHANNELS, ROUTING_CHANNEL_LABELS, type FlowAction, type FlowActionName, type FlowDetail, type MediationRoom,
  type RoutingChannel, type RoutingTableView,
} from '../../protocol/index.ts';
import { useErrorText, useLabel } from '../i18n/index.ts';
import { fetchBlobUrl } from '../incidents/api.ts';
import { RequestError } from '../net/http.ts';
import type { Session } from '../session/sessionSlice.ts';
import { useStore } from '../store.ts';
import { DateTimeField } from '../ui/DateTimeField.tsx';
import { formatDateTime } from '../ui/time.ts';
import { fetchFlow, fetchOptions, fetchRoutingTable, flowStep } from './api.ts';
import './mediation.css';

const two = (n: number) => String(n).padStart(2, '0');
/** A time as the date-time field holds it (the console's local time). */
function fieldValue(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}
const splitNames = (s: string) => s.split(/[、,，;；\s]+/).map((x) => x.trim()).filter(Boolean);

export function FlowPanel({ id, session }: { id: number; session: Session }) {
  const { t } = useTranslation();
  const label = useLabel();
  const errorText = useErrorText();
  const version = useStore((s) => s.flows[id]?.version);
  const [flow, setFlow] = useState<FlowDetail | null>(null);
  const [open, setOpen] = useState<FlowActionName | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    fetchFlow(session.token, id).then(
      (f) => live && setFlow(f),
      (e: unknown) => live && setError(e instanceof RequestError && e.apiError ? errorText(e.apiError) : String(e)),
    );
    return () => {
      live = false;
    };
    // a newer version from the stream reloads it
  }, [id, version, session.token]);

  const submit = async (step: FlowAction) => {
    setBusy(true);
    setError(null);
    try {
      const f = await flowStep(session.token, id, step);
      setFlow(f);
      setOpen(null);
    } catch (e) {
      setError(e instanceof RequestError && e.apiError ? errorText(e.apiError) : String(e));
    } finally {
      setBusy(false);
    }
  };

  const openPdf = async () => {
    try {
      window.open(await fetchBlobUrl(session.token, `/api/disputes/${id}/agreement.pdf`), '_blank');
    } catch (e) {
      setError(e instanceof RequestError && e.apiError ? errorText(e.apiError) : String(e));
    }
  };

  if (!flow) return error ? <div className="form-error" role="alert">{error}</div> : null;
  const m = flow.mediation;
  const r = flow.routing;
  const channel = (c: RoutingChannel) => label(ROUTING_CHANNEL_LABELS[c]);

  return (
    <section className="flow" data-testid="flow-panel" data-state={flow.state}>
      <h4>{t('mediation.title')}</h4>
      <dl className="facts">
        <dt>{t('mediation.holder')}</dt>
        <dd data-testid="flow-holder">
          {flow.holderCentreName}
          {flow.overdue && <span className="chip" data-tone="bad">{t('mediation.overdue')}</span>}
        </dd>
        {m && (
          <>
            <dt>{t('mediation.mediator')}</dt>
            <dd>{m.mediator?.name ?? '—'}{m.room ? ` · ${m.room.name}` : ''}</dd>
          </>
        )}
        {flow.resolveBy !== null && ['signed', 'handling'].includes(flow.state) && (
          <>
            <dt>{t('mediation.resolveBy', { at: '' })}</dt>
            <dd className="mono">{formatDateTime(flow.resolveBy)}</dd>
          </>
        )}
        {flow.result && flow.resolvedBy !== 'mediation' && (
          <>
            <dt>{t('mediation.result')}</dt>
            <dd data-testid="flow-result">{flow.result}</dd>
          </>
        )}
        {flow.satisfaction !== null && (
          <>
            <dt>{t('mediation.satisfaction')}</dt>
            <dd>{flow.satisfaction}</dd>
          </>
        )}
      </dl>

      {m && m.sessions.length > 0 && (
        <ul className="flow-sessions" data-testid="flow-sessions">
          {m.sessions.map((s) => (
            <li key={s.id}>
              <span className="mono">{formatDateTime(s.at)}</span> {s.place} · {s.attendees.join('、')}
              <div className="tl-note">{s.notes}</div>
            </li>
          ))}
        </ul>
      )}

      {m?.agreement && (
        <div className="notice" data-tone="ok" data-testid="flow-agreement">
          <b>{t('mediation.agreement')}</b> <span className="mono">{m.agreement.number}</span> · {m.agreement.terms}
          {m.judicial && <div>{t('mediation.judicial')}：{t(`mediation.judicialState.${m.judicial.state}`)} · {m.judicial.court}</div>}
          <div>
            <button type="button" className="btn btn-sm" data-testid="flow-pdf" onClick={() => void openPdf()}>{t('mediation.pdf')}</button>
          </div>
        </div>
      )}

      {r && (
        <div className="notice" data-testid="flow-routing" data-tone={r.overdue ? 'warn' : undefined}>
          {t('mediation.routedTo', { unit: r.centreName, channel: channel(r.channel) })}
          {r.insisted && <span className="chip" data-tone="warn">{t('mediation.insisted')}</span>}
          <div className="muted" data-testid="flow-delivery" data-state={r.state}>
            <span className="chip" data-tone={r.state === 'signed' ? 'ok' : r.overdue ? 'bad' : 'info'}>{label(DELIVERY_STATE_LABELS[r.state])}</span>{' '}
            {r.signedBy ? t('mediation.signedBy', { name: r.signedBy.name, at: formatDateTime(r.signedAt ?? 0) }) : t('mediation.signDue', { at: formatDateTime(r.dueAt) })}
          </div>
        </div>
      )}
      {flow.lastReturn && (
        <div className="notice" data-tone="warn" data-testid="flow-last-return">
          {t('mediation.lastReturn', { unit: flow.lastReturn.centreName, at: formatDateTime(flow.lastReturn.at), reason: flow.lastReturn.reason })}
        </div>
      )}
      {flow.attempts.township > 0 && <div className="muted">{t('mediation.attempts', { township: flow.attempts.township })}</div>}

      {error && <div className="form-error" role="alert">{error}</div>}
      <div className="actions" data-testid="flow-actions">
        {flow.allowed.length === 0 && <span className="muted">{t('mediation.noActions')}</span>}
        {(flow.allowed as FlowActionName[]).map((a) => (
          <button
            key={a}
            type="button"
            className={`btn btn-sm${a === 'sign' || a === 'route' ? ' btn-primary' : ''}`}
            data-testid={`flow-action-${a}`}
            aria-pressed={open === a}
            disabled={busy}
            onClick={() => (a === 'sign' ? void submit({ action: 'sign' }) : setOpen(open === a ? null : a))}
          >
            {label(FLOW_ACTION_LABELS[a])}
          </button>
        ))}
      </div>
      {open && <StepForm key={open} action={open} flow={flow} session={session} busy={busy} onSubmit={(s) => void submit(s)} onCancel={() => setOpen(null)} />}
    </section>
  );
}

interface FormProps {
  action: FlowActionName;
  flow: FlowDetail;
  session: Session;
  busy: boolean;
  onSubmit: (step: FlowAction) => void;
  onCancel: () => void;
}

function StepForm({ action, flow, session, busy, onSubmit, onCancel }: FormProps) {
  const { t } = useTranslation();
  const label = useLabel();
  const summary = useStore((s) => s.disputes[flow.disputeId]?.summary ?? flow.summary);
  const [rooms, setRooms] = useState<MediationRoom[]>([]);
  const [mediators, setMediators] = useState<{ id: number; name: string }[]>([]);
  const [table, setTable] = useState<RoutingTableView | null>(null);
  const [mediatorId, setMediatorId] = useState<number | null>(null);
  const [roomId, setRoomId] = useState<number | null>(null);
  const [at, setAt] = useState(fieldValue(Date.now()));
  const [place, setPlace] = useState(flow.mediation?.room?.name ?? '');
  const [attendees, setAttendees] = useState('');
  const [text, setText] = useState('');
  const [facts, setFacts] = useState(summary);
  const [terms, setTerms] = useState('');
  const [performance, setPerformance] = useState('');
  const [signed, setSigned] = useState(false);
  const [judicial, setJudicial] = useState<(typeof JUDICIAL_STATES)[number]>('applied');
  const [court, setCourt] = useState('');
  const [centreId, setCentreId] = useState<number | null>(flow.suggestion?.centreId ?? null);
  const [channel, setChannel] = useState<RoutingChannel>(flow.suggestion?.channel ?? 'administrative');
  const [satisfaction, setSatisfaction] = useState(5);

  useEffect(() => {
    let live = true;
    if (action === 'assignMediation') {
      fetchOptions(session.token).then((o) => {
        if (!live) return;
        setRooms(o.rooms.filter((r) => r.active));
        setMediators(o.mediators);
        setMediatorId(o.mediators.find((x) => x.id === session.user.id)?.id ?? o.mediators[0]?.id ?? null);
        setRoomId(o.rooms.find((r) => r.active)?.id ?? null);
      }, () => undefined);
    }
    if (action === 'route') fetchRoutingTable(session.token).then((v) => live && setTable(v), () => undefined);
    return () => {
      live = false;
    };
  }, [action, session.token, session.user.id]);

  const suggested = flow.suggestion;
  const differs = action === 'route' && suggested !== null && suggested.centreId !== null && centreId !== suggested.centreId;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    switch (action) {
      case 'assignMediation':
        return onSubmit({ action, mediatorId, roomId });
      case 'recordSession':
        return onSubmit({ action, at: new Date(at).getTime(), place, attendees: splitNames(attendees), notes: text });
      case 'agreement':
        return onSubmit({ action, facts, terms, performance, signedAt: Date.now() });
      case 'judicial':
        return onSubmit({ action, state: judicial, court, note: text });
      case 'noAgreement':
      case 'skipMediation':
      case 'return':
        return onSubmit({ action, reason: text });
      case 'route':
        return centreId === null ? undefined : onSubmit({ action, centreId, channel, reason: text });
      case 'insist':
        return onSubmit({ action, note: text });
      case 'progress':
        return onSubmit({ action, text });
      case 'resolve':
        return onSubmit({ action, result: text });
      default:
        return undefined;
    }
  };
  const followUp = (satisfied: boolean) => onSubmit({ action: 'followUp', satisfied, satisfaction, note: text });
  const unitName = (id: number | null) => table?.units.find((u) => u.id === id)?.name ?? '';

  return (
    <form className="step-form" data-testid="flow-form" data-action={action} onSubmit={submit}>
      {action === 'assignMediation' && (
        <>
          <label>
            {t('mediation.mediator')}
            <select className="select" data-testid="flow-mediator" value={mediatorId ?? ''} onChange={(e) => setMediatorId(e.target.value ? Number(e.target.value) : null)}>
              <option value="">{t('mediation.none')}</option>
              {mediators.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
            </select>
          </label>
          <label>
            {t('mediation.room')}
            <select className="select" data-testid="flow-room" value={roomId ?? ''} onChange={(e) => setRoomId(e.target.value ? Number(e.target.value) : null)}>
              <option value="">{t('mediation.none')}</option>
              {rooms.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
            </select>
          </label>
        </>
      )}
      {action === 'recordSession' && (
        <>
          <label>{t('mediation.at')}<DateTimeField value={at} onChange={setAt} testId="flow-at" /></label>
          <label>{t('mediation.place')}<input className="input" data-testid="flow-place" value={place} onChange={(e) => setPlace(e.target.value)} required maxLength={100} /></label>
          <label>{t('mediation.attendees')}<input className="input" data-testid="flow-attendees" value={attendees} onChange={(e) => setAttendees(e.target.value)} required /></label>
          <label>{t('mediation.notes')}<textarea className="textarea" rows={3} data-testid="flow-text" value={text} onChange={(e) => setText(e.target.value)} required maxLength={4000} /></label>
        </>
      )}
      {action === 'agreement' && (
        <>
          <label>{t('mediation.facts')}<textarea className="textarea" rows={3} data-testid="flow-facts" value={facts} onChange={(e) => setFacts(e.target.value)} required maxLength={4000} /></label>
          <label>{t('mediation.terms')}<textarea className="textarea" rows={3} data-testid="flow-terms" value={terms} onChange={(e) => setTerms(e.target.value)} required maxLength={4000} /></label>
          <label>{t('mediation.performance')}<input className="input" data-testid="flow-performance" value={performance} onChange={(e) => setPerformance(e.target.value)} required maxLength={1000} /></label>
          <label className="check"><input type="checkbox" data-testid="flow-signed" checked={signed} onChange={(e) => setSigned(e.target.checked)} required />{t('mediation.signedConfirm')}</label>
        </>
      )}
      {action === 'judicial' && (
        <>
          <label>
            {t('mediation.judicial')}
            <select className="select" data-testid="flow-judicial" value={judicial} onChange={(e) => setJudicial(e.target.value as typeof judicial)}>
              {JUDICIAL_STATES.map((s) => <option key={s} value={s}>{t(`mediation.judicialState.${s}`)}</option>)}
            </select>
          </label>
          <label>{t('mediation.court')}<input className="input" data-testid="flow-court" value={court} onChange={(e) => setCourt(e.target.value)} required maxLength={100} /></label>
          <label>{t('mediation.note')}<input className="input" data-testid="flow-text" value={text} onChange={(e) => setText(e.target.value)} maxLength={500} /></label>
        </>
      )}
      {action === 'route' && (
        <>
          <div className="muted" data-testid="flow-suggestion">
            {suggested === null
              ? t('mediation.suggestionNone')
              : suggested.centreId === null
                ? t('mediation.suggestionNoTownship')
                : t('mediation.suggestion', { unit: unitName(suggested.centreId), channel: label(ROUTING_CHANNEL_LABELS[suggested.channel]), days: suggested.days })}
          </div>
          <label>
            {t('mediation.unit')}
            <select className="select" data-testid="flow-unit" value={centreId ?? ''} onChange={(e) => setCentreId(e.target.value ? Number(e.target.value) : null)} required>
              <option value="" />
              {table?.units.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
            </select>
          </label>
          <label>
            {t('mediation.channel')}
            <select className="select" data-testid="flow-channel" value={channel} onChange={(e) => setChannel(e.target.value as RoutingChannel)}>
              {ROUTING_CHANNELS.map((c) => <option key={c} value={c}>{label(ROUTING_CHANNEL_LABELS[c])}</option>)}
            </select>
          </label>
          {differs && <label>{t('mediation.otherReason')}<textarea className="textarea" rows={2} data-testid="flow-text" value={text} onChange={(e) => setText(e.target.value)} required maxLength={500} /></label>}
        </>
      )}
      {['noAgreement', 'skipMediation', 'return', 'insist', 'progress', 'resolve'].includes(action) && (
        <label>
          {action === 'resolve' ? t('mediation.result') : action === 'progress' ? t('mediation.notes') : t('mediation.reason')}
          <textarea className="textarea" rows={2} data-testid="flow-text" value={text} onChange={(e) => setText(e.target.value)} required maxLength={2000} />
        </label>
      )}
      {action === 'followUp' && (
        <>
          <label>
            {t('mediation.satisfaction')}
            <select className="select" data-testid="flow-satisfaction" value={satisfaction} onChange={(e) => setSatisfaction(Number(e.target.value))}>
              {[5, 4, 3, 2, 1].map((n) => <option key={n} value={n}>{n}</option>)}
            </select>
          </label>
          <label>{t('mediation.note')}<input className="input" data-testid="flow-text" value={text} onChange={(e) => setText(e.target.value)} maxLength={500} /></label>
        </>
      )}
      <div className="actions">
        {action === 'followUp' ? (
          <>
            <button type="button" className="btn btn-sm btn-primary" disabled={busy} data-testid="flow-satisfied" onClick={() => followUp(true)}>{t('mediation.satisfied')}</button>
            <button type="button" className="btn btn-sm" disabled={busy} data-testid="flow-unsatisfied" onClick={() => followUp(false)}>{t('mediation.unsatisfied')}</button>
          </>
        ) : (
          <button type="submit" className="btn btn-sm btn-primary" disabled={busy} data-testid="flow-submit">{t('mediation.submit')}</button>
        )}
        <button type="button" className="btn btn-sm btn-ghost" onClick={onCancel}>{t('mediation.cancel')}</button>
      </div>
    </form>
  );
}
