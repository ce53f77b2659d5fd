// One case: facts, parties (masked; 查看 reveals one field for those handling the case, and the server logs it), the
// risk grade with its reasons, earlier cases, the timeline, and the receipt again.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DISPUTE_CHANNEL_LABELS, DISPUTE_TYPE_LABELS, ID_TYPE_LABELS, PARTY_ROLE_LABELS, RISK_GRADE_LABELS, type DisputeDetail, type DisputeReceipt,
} from '../../protocol/index.ts';
import { useErrorText, useLabel } from '../i18n/index.ts';
import { RequestError } from '../net/http.ts';
import type { Session } from '../session/sessionSlice.ts';
import { useStore } from '../store.ts';
import { formatDateTime } from '../ui/time.ts';
import { useEscape } from '../ui/useEscape.ts';
import { fetchDispute, fetchReceipt, fetchReveals, revealField, type RevealEntry } from './api.ts';
import { reasonKey } from './model.ts';
import { Receipt } from './Receipt.tsx';
import { RiskChip, StateChip } from './parts.tsx';
import { FlowPanel } from '../mediation/FlowPanel.tsx';
import { DisputeClips, DisputeVideo } from '../playback/DisputeVideo.tsx';
import { MediationButton } from '../meet/MediationButton.tsx';

export function DisputeDrawer({ id, session, onClose }: { id: number; session: Session; onClose: () => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const errorText = useErrorText();
  const version = useStore((s) => s.disputes[id]?.version);
  const [detail, setDetail] = useState<DisputeDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<Record<string, string>>({});
  const [receipt, setReceipt] = useState<DisputeReceipt | null>(null);
  const [reveals, setReveals] = useState<RevealEntry[]>([]);
  useEscape(onClose);

  useEffect(() => {
    let live = true;
    fetchDispute(session.token, id).then(
      (d) => live && setDetail(d),
      (e: unknown) => live && setError(e instanceof RequestError && e.apiError ? errorText(e.apiError) : String(e)),
    );
    return () => {
      live = false;
    };
    // a newer version from the stream reloads the case
  }, [id, version, session.token]);
  const mayReveal = detail?.mayReveal ?? false;
  const loadReveals = () => void fetchReveals(session.token, id).then((r) => setReveals(r.reveals), () => setReveals([]));
  useEffect(() => {
    if (mayReveal) loadReveals();
  }, [mayReveal, id]);

  const reveal = async (partyId: number, field: 'phone' | 'idNumber') => {
    try {
      const r = await revealField(session.token, id, partyId, field);
      setShown((s) => ({ ...s, [`${partyId}:${field}`]: r.value ?? '' }));
      loadReveals();
    } catch (e) {
      setError(e instanceof RequestError && e.apiError ? errorText(e.apiError) : String(e));
    }
  };

  const value = (partyId: number, field: 'phone' | 'idNumber', masked: string | null) => {
    if (!masked) return <span className="muted">—</span>;
    const full = shown[`${partyId}:${field}`];
    if (full !== undefined) return <span className="mono" data-testid={`revealed-${field}`} title={t('disputes.drawer.revealed')}>{full}</span>;
    return (
      <>
        <span className="mono" data-testid={`masked-${field}`}>{masked}</span>
        {detail?.mayReveal && (
          <button type="button" className="btn btn-sm btn-ghost" title={t('disputes.drawer.revealTitle')} data-testid={`reveal-${field}`} onClick={() => void reveal(partyId, field)}>
            {t('disputes.drawer.reveal')}
          </button>
        )}
      </>
    );
  };

  return (
    <aside className="drawer" data-testid="dispute-drawer" aria-label={detail?.code ?? ''}>
      <div className="panel-head">
        <span className="mono">{detail?.code ?? '…'}</span>
        {detail && <StateChip d={detail} />}
        {detail && <RiskChip d={detail} />}
        <span className="header-spacer" />
        {detail && <DisputeVideo token={session.token} dispute={detail} />}
        {detail && <MediationButton disputeId={detail.id} code={detail.code} />}
        {detail && (
          <button type="button" className="btn btn-sm" onClick={() => void fetchReceipt(session.token, id).then(setReceipt, () => undefined)}>
            {t('disputes.drawer.receipt')}
          </button>
        )}
        <button type="button" className="btn btn-sm btn-ghost" onClick={onClose}>{t('disputes.drawer.close')}</button>
      </div>
      <div className="drawer-body">
        {error && <div className="form-error" role="alert">{error}</div>}
        {detail && (
          <>
            <dl className="facts">
              <dt>{t('disputes.drawer.facts.channel')}</dt>
              <dd>{label(DISPUTE_CHANNEL_LABELS[detail.channel])}</dd>
              {detail.hotlineRef && (<><dt>{t('disputes.drawer.facts.ref')}</dt><dd className="mono">{detail.hotlineRef}</dd></>)}
              {detail.sourceUnit && (<><dt>{t('disputes.drawer.facts.source')}</dt><dd>{detail.sourceUnit}</dd></>)}
              {detail.incidentCode && (<><dt>{t('disputes.drawer.facts.incident')}</dt><dd className="mono">{detail.incidentCode}</dd></>)}
              <dt>{t('disputes.drawer.facts.type')}</dt>
              <dd>{label(DISPUTE_TYPE_LABELS[detail.type])}</dd>
              <dt>{t('disputes.drawer.facts.people')}</dt>
              <dd>{detail.peopleCount}</dd>
              {detail.amount !== null && (<><dt>{t('disputes.drawer.facts.amount')}</dt><dd>{detail.amount.toLocaleString('zh-CN')}</dd></>)}
              {detail.townshipName && (<><dt>{t('disputes.drawer.facts.township')}</dt><dd>{detail.townshipName}</dd></>)}
              <dt>{t('disputes.drawer.facts.holder')}</dt>
              <dd>{detail.holderCentreName}</dd>
              <dt>{t('disputes.drawer.facts.registered')}</dt>
              <dd>{formatDateTime(detail.registeredAt)} · {detail.registeredBy.name}</dd>
              {detail.queueTicket !== null && (<><dt>{t('disputes.drawer.facts.ticket')}</dt><dd>{detail.queueTicket}</dd></>)}
            </dl>
            <h4>{t('disputes.drawer.summary')}</h4>
            <p className="incident-desc">{detail.summary}</p>
            <DisputeClips token={session.token} dispute={detail} />
            <h4>{t('disputes.drawer.risk')}</h4>
            <div data-testid="risk-reasons">
              <span className="chip" data-tone={detail.riskGrade === 'high' ? 'bad' : detail.riskGrade === 'medium' ? 'warn' : 'ok'}>{label(RISK_GRADE_LABELS[detail.riskGrade])}</span>{' '}
              {detail.riskReasons.map((r) => t(reasonKey(r).key, { v: r.value })).join('；')}
            </div>
            <h4>{t('disputes.drawer.parties')}</h4>
            <table className="party-table">
              <tbody>
                {detail.parties.map((p) => (
                  <tr key={p.id} data-testid="detail-party">
                    <td>{label(PARTY_ROLE_LABELS[p.role])}</td>
                    <td>{p.name}</td>
                    <td>{value(p.id, 'phone', p.phone)}</td>
                    <td>{p.idType ? label(ID_TYPE_LABELS[p.idType]) : ''} {value(p.id, 'idNumber', p.idNumber)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {detail.repeatOf.length > 0 && (
              <>
                <h4>{t('disputes.drawer.repeatOf')}</h4>
                <div className="mono">{detail.repeatOf.join('、')}</div>
              </>
            )}
            <FlowPanel id={id} session={session} />
            {mayReveal && reveals.length > 0 && (
              <>
                <h4>{t('disputes.drawer.revealLog')}</h4>
                <ul className="reveal-log" data-testid="reveal-log">
                  {reveals.map((r, k) => (
                    <li key={k}>
                      <time>{formatDateTime(r.at)}</time> {r.user_name} · {r.party_name} · {t(`disputes.drawer.fields.${r.field}`)}
                    </li>
                  ))}
                </ul>
              </>
            )}
            <h4>{t('disputes.drawer.timeline')}</h4>
            <ol className="timeline">
              {detail.timeline.map((e, i) => (
                <li key={i} data-kind={e.kind}>
                  <time>{formatDateTime(e.at)}</time>
                  <span className="tl-kind">{t(`disputes.kinds.${e.kind}`, { defaultValue: t(`mediation.kinds.${e.kind}`, { defaultValue: e.kind }) })}</span>
                  {e.actor?.name} {e.actorCentreName ? `（${e.actorCentreName}）` : ''}
                  {e.kind === 'risk' && <span className="tl-note"> {label(RISK_GRADE_LABELS[e.note as keyof typeof RISK_GRADE_LABELS] ?? [e.note, e.note])}</span>}
                  {e.kind === 'register' && <span className="tl-note"> {label(DISPUTE_CHANNEL_LABELS[e.note as keyof typeof DISPUTE_CHANNEL_LABELS] ?? [e.note, e.note])}</span>}
                  {(e.kind === 'route' || e.kind === 'insist') && e.centreName && <span className="tl-note"> → {e.centreName}</span>}
                  {e.kind !== 'register' && e.kind !== 'risk' && e.note && <div className="tl-note">{e.note}</div>}
                </li>
              ))}
            </ol>
          </>
        )}
      </div>
      {receipt && <Receipt receipt={receipt} onClose={() => setReceipt(null)} />}
    </aside>
  );
}
