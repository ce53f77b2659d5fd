// 风险隐患清单: items with township, description, level, owner, due date and status; daily updates; closed with a result.
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { RISK_LEVELS, RISK_LEVEL_LABELS, RISK_STATUS_LABELS, type ApiError, type Risk, type RiskLevel } from '../../protocol/index.ts';
import { useErrorText, useLabel } from '../i18n/index.ts';
import { useStore } from '../store.ts';
import { formatDateTime } from '../ui/time.ts';
import { addRisk, closeRisk, updateRisk } from './actions.ts';
import { useTownships } from './hooks.ts';
import { openRisks } from './model.ts';
import { DateTimeField } from '../ui/DateTimeField.tsx';

export function RiskList({ townshipId }: { townshipId?: number }) {
  const { t } = useTranslation();
  const risks = useStore((s) => s.wartime.risks);
  const today = useStore((s) => s.wartime.today) ?? '';
  const open = useMemo(() => openRisks(risks).filter((r) => townshipId === undefined || r.townshipId === townshipId), [risks, townshipId]);
  const closed = Object.values(risks).filter((r) => r.status === 'closed' && (townshipId === undefined || r.townshipId === townshipId));
  return (
    <div className="wt-risks">
      <AddRisk townshipId={townshipId} today={today} />
      {open.length === 0 ? (
        <div className="empty">{t('wartime.risks.empty')}</div>
      ) : (
        <table className="wt-table" data-testid="risk-list">
          <thead>
            <tr>
              <th>{t('wartime.risks.township')}</th>
              <th>{t('wartime.risks.description')}</th>
              <th>{t('wartime.risks.level')}</th>
              <th>{t('wartime.risks.owner')}</th>
              <th>{t('wartime.risks.due')}</th>
              <th>{t('wartime.risks.latest')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {open.map((r) => (
              <RiskRow key={r.id} risk={r} today={today} />
            ))}
          </tbody>
        </table>
      )}
      {closed.length > 0 && <div className="muted wt-hint">{t('wartime.risks.closedCount', { n: closed.length })}</div>}
    </div>
  );
}

function RiskRow({ risk, today }: { risk: Risk; today: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const errText = useErrorText();
  const [mode, setMode] = useState<'update' | 'close' | null>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const last = risk.updates[risk.updates.length - 1];
  const overdue = risk.dueDate < today;
  async function save() {
    if (!text.trim() || !mode) return;
    const r = mode === 'update' ? await updateRisk({ riskId: risk.id, note: text.trim() }) : await closeRisk({ riskId: risk.id, result: text.trim() });
    if (r.ok) {
      setMode(null);
      setText('');
      setError(null);
    } else setError(errText(r.error as ApiError));
  }
  return (
    <>
      <tr data-testid="risk-item" data-risk-id={risk.id} data-level={risk.level}>
        <td>{risk.townshipName}</td>
        <td className="wrap">{risk.description}</td>
        <td>
          <span className={`wt-chip risk-${risk.level}`}>{label(RISK_LEVEL_LABELS[risk.level])}</span>
        </td>
        <td>{risk.owner}</td>
        <td className={`num ${overdue ? 'bad-text' : ''}`}>
          {risk.dueDate}
          {overdue && ` ${t('wartime.risks.overdue')}`}
        </td>
        <td className="wrap muted">{last ? `${formatDateTime(last.at).slice(5)} ${last.note}` : label(RISK_STATUS_LABELS[risk.status])}</td>
        <td className="wt-row-actions">
          <button type="button" className="btn btn-sm" data-testid="risk-update" onClick={() => setMode(mode === 'update' ? null : 'update')}>
            {t('wartime.risks.update')}
          </button>
          <button type="button" className="btn btn-sm" data-testid="risk-close" onClick={() => setMode(mode === 'close' ? null : 'close')}>
            {t('wartime.risks.close')}
          </button>
        </td>
      </tr>
      {mode && (
        <tr className="wt-subrow">
          <td colSpan={7}>
            {error && <div className="form-error">{error}</div>}
            <div className="wt-inline">
              <input
                className="input"
                data-testid="risk-text"
                autoFocus
                placeholder={mode === 'update' ? t('wartime.risks.updatePlaceholder') : t('wartime.risks.resultPlaceholder')}
                value={text}
                onChange={(e) => setText(e.target.value)}
                onKeyDown={(e) => e.key === 'Enter' && void save()}
              />
              <button type="button" className="btn btn-primary btn-sm" data-testid="risk-save" disabled={!text.trim()} onClick={() => void save()}>
                {mode === 'update' ? t('wartime.risks.save') : t('wartime.risks.close')}
              </button>
            </div>
          </td>
        </tr>
      )}
    </>
  );
}

function AddRisk({ townshipId, today }: { townshipId?: number; today: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const errText = useErrorText();
  const townships = useTownships();
  const [open, setOpen] = useState(false);
  const [tid, setTid] = useState<number | ''>(townshipId ?? '');
  const [description, setDescription] = useState('');
  const [level, setLevel] = useState<RiskLevel>('general');
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const township = townshipId ?? (tid === '' ? null : tid);
    if (township === null || !description.trim() || !owner.trim()) return;
    const r = await addRisk({ townshipId: township, description: description.trim(), level, owner: owner.trim(), dueDate: due || today });
    if (r.ok) {
      setDescription('');
      setOwner('');
      setError(null);
      setOpen(false);
    } else setError(errText(r.error as ApiError));
  }
  if (!open)
    return (
      <div className="wt-actions" style={{ justifyContent: 'flex-start', padding: '8px 14px' }}>
        <button type="button" className="btn btn-sm" data-testid="risk-add-open" onClick={() => setOpen(true)}>
          + {t('wartime.risks.add')}
        </button>
      </div>
    );
  return (
    <form className="panel-body wt-risk-form" onSubmit={(e) => void submit(e)}>
      {error && <div className="form-error">{error}</div>}
      <div className="wt-inline">
        {townshipId === undefined && (
          <select className="select" data-testid="risk-township" value={tid} onChange={(e) => setTid(e.target.value ? Number(e.target.value) : '')} style={{ maxWidth: 140 }}>
            <option value="">{t('wartime.risks.township')}</option>
            {townships.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        )}
        <input className="input" data-testid="risk-description" placeholder={t('wartime.risks.description')} value={description} onChange={(e) => setDescription(e.target.value)} />
        <select className="select" data-testid="risk-level" value={level} onChange={(e) => setLevel(e.target.value as RiskLevel)} style={{ maxWidth: 90 }}>
          {RISK_LEVELS.map((l) => (
            <option key={l} value={l}>
              {label(RISK_LEVEL_LABELS[l])}
            </option>
          ))}
        </select>
        <input className="input" data-testid="risk-owner" placeholder={t('wartime.risks.owner')} value={owner} onChange={(e) => setOwner(e.target.value)} style={{ maxWidth: 110 }} />
        <DateTimeField testId="risk-due" time={false} value={due || today} onChange={setDue} />
        <button type="submit" className="btn btn-primary btn-sm" data-testid="risk-add">
          {t('wartime.risks.save')}
        </button>
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => setOpen(false)}>
          {t('wartime.mode.cancel')}
        </button>
      </div>
    </form>
  );
}
