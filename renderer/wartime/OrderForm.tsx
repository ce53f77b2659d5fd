// 下达指令: text, priority, completion deadline, targets (all in scope or chosen townships, optionally their villages).
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ORDER_PRIORITIES, ORDER_PRIORITY_LABELS, type ApiError, type OrderPriority } from '../../protocol/index.ts';
import { useErrorText, useLabel } from '../i18n/index.ts';
import { useStore } from '../store.ts';
import { issueOrder } from './actions.ts';
import { useTownships } from './hooks.ts';
import { CentreChecklist } from '../ui/CentreChecklist.tsx';
import { DateTimeField } from '../ui/DateTimeField.tsx';

export function OrderForm() {
  const { t } = useTranslation();
  const label = useLabel();
  const errText = useErrorText();
  const state = useStore((s) => s.wartime.state);
  const user = useStore((s) => s.session?.user);
  const conn = useStore((s) => s.conn);
  const all = useTownships();
  const wartime = state?.mode === 'wartime' && state.period !== null;
  const scope = wartime && state.period ? all.filter((c) => state.period?.townshipIds.includes(c.id)) : all;
  const commandIds = wartime && state.period ? [state.period.command.commander.id, state.period.command.executiveDeputy?.id, state.period.command.deputy?.id] : [];
  const mayIssue = user?.role === 'commander' || (user !== undefined && commandIds.includes(user.id));

  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [priority, setPriority] = useState<OrderPriority>('urgent');
  const [completeBy, setCompleteBy] = useState('');
  const [allTargets, setAllTargets] = useState(true);
  const [picked, setPicked] = useState<ReadonlySet<number>>(new Set());
  const [villages, setVillages] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => {
    if (!done) return;
    const id = setTimeout(() => setDone(null), 8000);
    return () => clearTimeout(id);
  }, [done]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (!title.trim()) return setError(t('wartime.order.noTitle'));
    if (!allTargets && picked.size === 0) return setError(t('wartime.order.noTargets'));
    setBusy(true);
    setError(null);
    const r = await issueOrder({
      title: title.trim(),
      body: body.trim(),
      priority,
      completeBy: completeBy ? Date.parse(`${completeBy}:00+08:00`) : null,
      targets: allTargets ? { kind: 'all', includeVillages: villages } : { kind: 'centres', centreIds: [...picked], includeVillages: villages },
    });
    setBusy(false);
    if (r.ok) {
      setDone(t('wartime.order.done', { code: r.data.order.code }));
      setTitle('');
      setBody('');
      setCompleteBy('');
    } else setError(errText(r.error as ApiError));
  }

  const ackMin = Math.round((state?.orderAckMs ?? 300_000) / 60_000);
  return (
    <form className="panel-body wt-sidebar-form" onSubmit={(e) => void submit(e)} noValidate aria-label={t('wartime.order.title')}>
      {!mayIssue && <div className="form-error">{t('wartime.order.forbidden')}</div>}
      {error && (
        <div className="form-error" role="alert" data-testid="order-error">
          {error}
        </div>
      )}
      {done && (
        <div className="form-ok" role="status" data-testid="order-done">
          {done}
        </div>
      )}
      <fieldset disabled={!mayIssue} style={{ border: 0, padding: 0, margin: 0 }}>
        <div className="field">
          <label htmlFor="order-title">{t('wartime.order.subject')}</label>
          <input id="order-title" className="input" data-testid="order-title" maxLength={100} placeholder={t('wartime.order.subjectPlaceholder')} value={title} onChange={(e) => setTitle(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="order-body">{t('wartime.order.body')}</label>
          <textarea id="order-body" className="textarea" data-testid="order-body" rows={3} maxLength={2000} value={body} onChange={(e) => setBody(e.target.value)} />
        </div>
        <div className="wt-grid2">
          <div className="field">
            <span className="field-label">{t('wartime.order.priority')}</span>
            <div className="wt-seg" role="radiogroup">
              {ORDER_PRIORITIES.map((p) => (
                <label key={p} className={`wt-prio prio-${p}`} data-checked={priority === p}>
                  <input type="radio" name="order-priority" value={p} data-testid={`order-priority-${p}`} checked={priority === p} onChange={() => setPriority(p)} />
                  {label(ORDER_PRIORITY_LABELS[p])}
                </label>
              ))}
            </div>
          </div>
          <div className="field">
            <label htmlFor="order-complete">{t('wartime.order.completeBy')}</label>
            <DateTimeField id="order-complete" testId="order-complete-by" optional value={completeBy} onChange={setCompleteBy} />
          </div>
        </div>
        <div className="field">
          <span className="field-label">{t('wartime.order.targets')}</span>
          <div className="targets">
            <label className="check all">
              <input type="checkbox" data-testid="order-target-all" checked={allTargets} onChange={(e) => setAllTargets(e.target.checked)} />
              {wartime ? t('wartime.order.allInScope') : t('wartime.order.allTownships')}
              <span className="muted" style={{ marginLeft: 'auto', fontWeight: 400 }}>
                {allTargets ? scope.length : picked.size}
              </span>
            </label>
            <CentreChecklist centres={scope} picked={picked} onChange={setPicked} everything={allTargets} testId={(id) => `order-target-${id}`} />
            <label className="check wt-villages">
              <input type="checkbox" data-testid="order-villages" checked={villages} onChange={(e) => setVillages(e.target.checked)} />
              {t('wartime.order.includeVillages')}
            </label>
          </div>
        </div>
        <div className="muted wt-hint">{t('wartime.order.ackRule', { m: wartime ? ackMin : 30 })}</div>
        <button type="submit" className="btn btn-primary wt-wide" data-testid="order-submit" disabled={busy || conn !== 'connected'}>
          {busy ? t('wartime.order.submitting') : t('wartime.order.submit')}
        </button>
      </fieldset>
    </form>
  );
}
