// 管理 · 路线图: the administrator edits the routing table as a whole; the server checks every row, refuses a stale edit
// and writes the change to the ledger. Problems come back by row and field and are shown on the row.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ANY_DISPUTE_TYPE, ROUTING_CHANNELS, ROUTING_CHANNEL_LABELS, ROUTING_STAGES, ROUTING_STAGE_LABELS, type RoutingChannel, type RoutingRule,
  type MediationRoom, type RoutingStage, type RoutingTableView as TableView,
} from '../../protocol/index.ts';
import { useErrorText, useLabel } from '../i18n/index.ts';
import { RequestError } from '../net/http.ts';
import type { Session } from '../session/sessionSlice.ts';
import { formatDateTime } from '../ui/time.ts';
import { fetchRooms, fetchRoutingTable, saveRoom, saveRoutingTable } from './api.ts';
import './mediation.css';

export function RoutingTableView({ session }: { session: Session }) {
  const { t } = useTranslation();
  const label = useLabel();
  const errorText = useErrorText();
  const [table, setTable] = useState<TableView | null>(null);
  const [rules, setRules] = useState<RoutingRule[]>([]);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = () =>
    fetchRoutingTable(session.token).then(
      (v) => {
        setTable(v);
        setRules(v.rules);
      },
      (e: unknown) => setError(e instanceof RequestError && e.apiError ? errorText(e.apiError) : String(e)),
    );
  useEffect(() => {
    void load();
  }, [session.token]);

  const edit = (i: number, change: Partial<RoutingRule>) => setRules((rs) => rs.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const save = async () => {
    if (!table) return;
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const v = await saveRoutingTable(session.token, table.version, rules);
      setTable(v);
      setRules(v.rules);
      setProblems({});
      setMessage(t('mediation.admin.saved', { v: v.version }));
    } catch (e) {
      const api = e instanceof RequestError ? e.apiError : null;
      setError(api ? errorText(api) : String(e));
      setProblems(api?.code === 'ROUTING_TABLE_INVALID' ? (api.details ?? {}) : {});
    } finally {
      setBusy(false);
    }
  };

  if (!table) return <div className="routing-admin">{error && <div className="form-error" role="alert">{error}</div>}</div>;
  const rowProblems = (i: number) => Object.entries(problems).filter(([k]) => k.startsWith(`rules.${i}.`)).map(([, v]) => t(`mediation.admin.problems.${v}`, { defaultValue: v }));

  return (
    <div className="routing-admin" data-testid="routing-admin">
      <h3>{t('mediation.admin.title')}</h3>
      <div className="muted">{t('mediation.admin.hint')}</div>
      <div className="muted" data-testid="routing-version">
        {t('mediation.admin.version', { v: table.version, who: table.updatedBy?.name ?? '', at: table.updatedAt ? formatDateTime(table.updatedAt) : '' })}
      </div>
      <table>
        <thead>
          <tr>
            <th>{t('mediation.admin.type')}</th>
            <th>{t('mediation.admin.stage')}</th>
            <th>{t('mediation.admin.channel')}</th>
            <th>{t('mediation.admin.unit')}</th>
            <th>{t('mediation.admin.days')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rules.map((r, i) => {
            const p = rowProblems(i);
            return (
              <tr key={i} data-testid="routing-row" data-problem={p.length > 0}>
                <td>
                  <select className="select" data-testid="routing-type" value={r.disputeType} onChange={(e) => edit(i, { disputeType: e.target.value })}>
                    <option value={ANY_DISPUTE_TYPE}>{t('mediation.admin.anyType')}</option>
                    {table.types.map((ty) => <option key={ty.code} value={ty.code}>{label(ty.label)}</option>)}
                  </select>
                </td>
                <td>
                  <select className="select" data-testid="routing-stage" value={r.stage} onChange={(e) => edit(i, { stage: e.target.value as RoutingStage })}>
                    {ROUTING_STAGES.map((s) => <option key={s} value={s}>{label(ROUTING_STAGE_LABELS[s])}</option>)}
                  </select>
                </td>
                <td>
                  <select className="select" data-testid="routing-channel" value={r.channel} onChange={(e) => edit(i, { channel: e.target.value as RoutingChannel })}>
                    {ROUTING_CHANNELS.map((c) => <option key={c} value={c}>{label(ROUTING_CHANNEL_LABELS[c])}</option>)}
                  </select>
                </td>
                <td>
                  <select className="select" data-testid="routing-unit" value={r.unitId ?? ''} onChange={(e) => edit(i, { unitId: e.target.value ? Number(e.target.value) : null })}>
                    <option value="">{t('mediation.admin.local')}</option>
                    {table.units.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
                  </select>
                </td>
                <td>
                  <input className="input" type="number" min={1} max={90} style={{ width: 60 }} data-testid="routing-days" value={r.days} onChange={(e) => edit(i, { days: Number(e.target.value) })} />
                </td>
                <td>
                  <button type="button" className="btn btn-sm btn-ghost" onClick={() => setRules((rs) => rs.filter((_, j) => j !== i))}>{t('mediation.admin.remove')}</button>
                  {p.length > 0 && <div className="problem" data-testid="routing-problem">{p.join('；')}</div>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" className="btn btn-sm" data-testid="routing-add" onClick={() => setRules((rs) => [...rs, { disputeType: ANY_DISPUTE_TYPE, stage: 'mediationFailed', channel: 'township', unitId: null, days: 15 }])}>
          {t('mediation.admin.add')}
        </button>
        <button type="button" className="btn btn-sm btn-primary" data-testid="routing-save" disabled={busy} onClick={() => void save()}>
          {busy ? t('mediation.admin.saving') : t('mediation.admin.save')}
        </button>
        {message && <span data-testid="routing-saved">{message}</span>}
      </div>
      {error && <div className="form-error" role="alert" data-testid="routing-error">{error}</div>}
      <RoomsEditor session={session} />
    </div>
  );
}

/** 调解室: rooms are rows the administrator names and takes in or out of use (the mediation form offers those in use). */
function RoomsEditor({ session }: { session: Session }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [rooms, setRooms] = useState<MediationRoom[]>([]);
  const [fresh, setFresh] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    fetchRooms(session.token).then((r) => setRooms(r.rooms), () => undefined);
  }, [session.token]);
  const save = async (id: number | null, name: string, active: boolean) => {
    setError(null);
    try {
      setRooms((await saveRoom(session.token, id, name, active)).rooms);
      if (id === null) setFresh('');
    } catch (e) {
      setError(e instanceof RequestError && e.apiError ? errorText(e.apiError) : String(e));
    }
  };
  const edit = (id: number, change: Partial<MediationRoom>) => setRooms((rs) => rs.map((r) => (r.id === id ? { ...r, ...change } : r)));
  return (
    <section data-testid="rooms-admin">
      <h3>{t('mediation.admin.rooms')}</h3>
      <table>
        <tbody>
          {rooms.map((r) => (
            <tr key={r.id} data-testid="room-row">
              <td><input className="input" aria-label={t('mediation.admin.roomName')} value={r.name} maxLength={40} onChange={(e) => edit(r.id, { name: e.target.value })} /></td>
              <td><label className="check"><input type="checkbox" checked={r.active} onChange={(e) => edit(r.id, { active: e.target.checked })} /> {t('mediation.admin.roomActive')}</label></td>
              <td><button type="button" className="btn btn-sm" onClick={() => void save(r.id, r.name, r.active)}>{t('mediation.admin.roomSave')}</button></td>
            </tr>
          ))}
          <tr>
            <td><input className="input" aria-label={t('mediation.admin.roomName')} data-testid="room-new" value={fresh} maxLength={40} onChange={(e) => setFresh(e.target.value)} /></td>
            <td />
            <td><button type="button" className="btn btn-sm" data-testid="room-add" disabled={!fresh.trim()} onClick={() => void save(null, fresh.trim(), true)}>{t('mediation.admin.roomAdd')}</button></td>
          </tr>
        </tbody>
      </table>
      {error && <div className="form-error" role="alert">{error}</div>}
    </section>
  );
}
