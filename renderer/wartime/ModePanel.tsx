// The switch: peacetime ↔ wartime with reason, scope, planned end, command roles and a typed confirmation.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { WARTIME_CONFIRM_OFF, WARTIME_CONFIRM_ON, type ApiError, type CommandAssignment, type PersonRef } from '../../protocol/index.ts';
import { useErrorText } from '../i18n/index.ts';
import { useStore } from '../store.ts';
import { formatDateTime } from '../ui/time.ts';
import { useNow } from '../ui/useNow.ts';
import { assignCommand, endWartime, loadStaff, startWartime } from './actions.ts';
import { useElapsed, useTownships } from './hooks.ts';
import { Modal } from './Modal.tsx';
import { CentreChecklist } from '../ui/CentreChecklist.tsx';
import { DateTimeField } from '../ui/DateTimeField.tsx';

type Staff = PersonRef & { role: string };

function useStaff(open: boolean): Staff[] {
  const [staff, setStaff] = useState<Staff[]>([]);
  useEffect(() => {
    if (!open) return;
    void loadStaff().then((r) => r.ok && setStaff(r.data.users));
  }, [open]);
  return staff;
}

function CommandFields({ value, onChange, staff }: { value: Required<CommandAssignment>; onChange: (v: Required<CommandAssignment>) => void; staff: Staff[] }) {
  const { t } = useTranslation();
  const pick = (key: keyof CommandAssignment, optional: boolean) => (
    <div className="field">
      <label htmlFor={`wt-${key}`}>{t(`wartime.roles.${key}`)}</label>
      <select
        id={`wt-${key}`}
        className="select"
        data-testid={`wartime-role-${key}`}
        value={value[key] ?? ''}
        onChange={(e) => onChange({ ...value, [key]: e.target.value === '' ? null : Number(e.target.value) })}
      >
        {optional && <option value="">{t('wartime.mode.none')}</option>}
        {staff.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <div className="wt-grid3">
      {pick('commander', false)}
      {pick('executiveDeputy', true)}
      {pick('deputy', true)}
    </div>
  );
}

/** The commander who switches leads; the deputies are for them to choose, never pre-filled with whoever is on duty. */
function defaultCommand(me: number): Required<CommandAssignment> {
  return { commander: me, executiveDeputy: null, deputy: null };
}

function StartDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const errText = useErrorText();
  const me = useStore((s) => s.session?.user.id ?? 0);
  const townships = useTownships();
  const staff = useStaff(true);
  const [reason, setReason] = useState('');
  const [whole, setWhole] = useState(true);
  const [picked, setPicked] = useState<ReadonlySet<number>>(new Set());
  const [plannedEnd, setPlannedEnd] = useState('');
  const [command, setCommand] = useState<Required<CommandAssignment> | null>(null);
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (staff.length && command === null) setCommand(defaultCommand(me));
  }, [staff, command, me]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (reason.trim().length < 2) return setError(t('wartime.mode.needReason'));
    if (!whole && picked.size === 0) return setError(t('wartime.mode.noTownships'));
    if (confirm.trim() !== WARTIME_CONFIRM_ON) return setError(t('wartime.mode.confirmMismatch'));
    setBusy(true);
    setError(null);
    const r = await startWartime({
      reason: reason.trim(),
      scope: whole ? { kind: 'county' } : { kind: 'townships', townshipIds: [...picked] },
      plannedEndAt: plannedEnd ? Date.parse(`${plannedEnd}:00+08:00`) : null,
      command: command ?? { commander: me },
      confirm: confirm.trim(),
    });
    setBusy(false);
    if (r.ok) onClose();
    else setError(errText(r.error as ApiError));
  }

  return (
    <Modal title={t('wartime.mode.start')} onClose={onClose} testId="wartime-start-dialog">
      <form onSubmit={(e) => void submit(e)} noValidate>
        {error && (
          <div className="form-error" role="alert" data-testid="wartime-error">
            {error}
          </div>
        )}
        <div className="field">
          <label htmlFor="wt-reason">{t('wartime.mode.reason')}</label>
          <input id="wt-reason" className="input" data-testid="wartime-reason" maxLength={500} placeholder={t('wartime.mode.reasonPlaceholder')} value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
        <div className="field">
          <span className="field-label">{t('wartime.mode.scope')}</span>
          <div className="targets">
            <div className="wt-radio-row">
              <label className="check">
                <input type="radio" name="wt-scope" data-testid="wartime-scope-county" checked={whole} onChange={() => setWhole(true)} />
                {t('wartime.mode.wholeCounty')}
              </label>
              <label className="check">
                <input type="radio" name="wt-scope" data-testid="wartime-scope-chosen" checked={!whole} onChange={() => setWhole(false)} />
                {t('wartime.mode.chosen')}
              </label>
            </div>
            <CentreChecklist className="list wt-list3" centres={townships} picked={picked} onChange={setPicked} everything={whole} testId={(id) => `wartime-scope-${id}`} />
          </div>
        </div>
        <div className="field">
          <label htmlFor="wt-planned">{t('wartime.mode.plannedEnd')}</label>
          <DateTimeField id="wt-planned" testId="wartime-planned-end" optional value={plannedEnd} onChange={setPlannedEnd} />
        </div>
        <span className="field-label">{t('wartime.mode.command')}</span>
        {command && <CommandFields value={command} onChange={setCommand} staff={staff} />}
        <div className="field wt-confirm">
          <label htmlFor="wt-confirm">{t('wartime.mode.confirm', { word: WARTIME_CONFIRM_ON })}</label>
          <input id="wt-confirm" className="input" data-testid="wartime-confirm" autoComplete="off" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
        </div>
        <div className="wt-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('wartime.mode.cancel')}
          </button>
          <button type="submit" className="btn btn-danger" data-testid="wartime-start-submit" disabled={busy || confirm.trim() !== WARTIME_CONFIRM_ON}>
            {t('wartime.mode.submitStart')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function EndDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const errText = useErrorText();
  const [reason, setReason] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (reason.trim().length < 2) return setError(t('wartime.mode.needReason'));
    setBusy(true);
    const r = await endWartime({ reason: reason.trim(), confirm: confirm.trim() });
    setBusy(false);
    if (r.ok) onClose();
    else setError(errText(r.error as ApiError));
  }
  return (
    <Modal title={t('wartime.mode.end')} onClose={onClose} testId="wartime-end-dialog">
      <form onSubmit={(e) => void submit(e)} noValidate>
        {error && <div className="form-error" role="alert">{error}</div>}
        <p className="muted" style={{ marginTop: 0 }}>
          {t('wartime.mode.endHint')}
        </p>
        <div className="field">
          <label htmlFor="wt-end-reason">{t('wartime.mode.endReason')}</label>
          <input id="wt-end-reason" className="input" data-testid="wartime-end-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
        <div className="field wt-confirm">
          <label htmlFor="wt-end-confirm">{t('wartime.mode.confirm', { word: WARTIME_CONFIRM_OFF })}</label>
          <input id="wt-end-confirm" className="input" data-testid="wartime-end-confirm" autoComplete="off" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
        </div>
        <div className="wt-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('wartime.mode.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" data-testid="wartime-end-submit" disabled={busy || confirm.trim() !== WARTIME_CONFIRM_OFF}>
            {t('wartime.mode.submitEnd')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function CommandDialog({ onClose, current }: { onClose: () => void; current: Required<CommandAssignment> }) {
  const { t } = useTranslation();
  const errText = useErrorText();
  const staff = useStaff(true);
  const [command, setCommand] = useState(current);
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal title={t('wartime.mode.changeCommand')} onClose={onClose} testId="wartime-command-dialog">
      {error && <div className="form-error" role="alert">{error}</div>}
      <CommandFields value={command} onChange={setCommand} staff={staff} />
      <div className="wt-actions">
        <button type="button" className="btn" onClick={onClose}>
          {t('wartime.mode.cancel')}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          data-testid="wartime-command-save"
          onClick={() => void assignCommand({ command }).then((r) => (r.ok ? onClose() : setError(errText(r.error as ApiError))))}
        >
          {t('wartime.mode.save')}
        </button>
      </div>
    </Modal>
  );
}

export function ModePanel() {
  const { t } = useTranslation();
  const state = useStore((s) => s.wartime.state);
  const role = useStore((s) => s.session?.user.role);
  const conn = useStore((s) => s.conn);
  const [dialog, setDialog] = useState<'start' | 'end' | 'command' | null>(null);
  const now = useNow(60_000);
  const elapsed = useElapsed();
  const mayswitch = role === 'commander';
  const wartime = state?.mode === 'wartime' && state.period !== null;
  const p = state?.period ?? null;
  return (
    <div className="panel-body wt-mode" data-testid="wartime-mode" data-mode={state?.mode ?? 'unknown'}>
      <div className={`wt-mode-state ${wartime ? 'is-war' : 'is-peace'}`}>
        <span className="wt-mode-dot" aria-hidden />
        {wartime ? t('wartime.mode.wartime') : t('wartime.mode.peacetime')}
      </div>
      {wartime && p ? (
        <div className="wt-mode-info">
          <div>
            <b>{t('wartime.mode.reason')}</b>
            {p.reason}
          </div>
          <div>
            <b>{t('wartime.mode.scope')}</b>
            {p.scope.kind === 'county' ? t('wartime.banner.scopeCounty') : t('wartime.banner.scopeTownships', { n: p.townshipIds.length })}
          </div>
          <div className="num">
            {t('wartime.banner.since', { time: formatDateTime(p.startedAt) })} · <span data-testid="wartime-elapsed">{t('wartime.mode.duration', { d: elapsed(now - p.startedAt) })}</span>
          </div>
          {p.plannedEndAt !== null && <div className="num">{t('wartime.banner.planned', { time: formatDateTime(p.plannedEndAt) })}</div>}
          <div className="wt-staff">
            <span>
              <b>{t('wartime.roles.commander')}</b>
              {p.command.commander.name}
            </span>
            <span>
              <b>{t('wartime.roles.executiveDeputy')}</b>
              {p.command.executiveDeputy?.name ?? '—'}
            </span>
            <span>
              <b>{t('wartime.roles.deputy')}</b>
              {p.command.deputy?.name ?? '—'}
            </span>
          </div>
        </div>
      ) : (
        <p className="muted wt-hint">{t('wartime.mode.peacetimeHint')}</p>
      )}
      {!mayswitch && <div className="muted wt-hint">{t('wartime.mode.forbidden')}</div>}
      {mayswitch && (
        <div className="wt-actions" style={{ justifyContent: 'flex-start' }}>
          {wartime ? (
            <>
              <button type="button" className="btn btn-sm" data-testid="wartime-command-open" onClick={() => setDialog('command')}>
                {t('wartime.mode.changeCommand')}
              </button>
              <button type="button" className="btn btn-sm btn-primary" data-testid="wartime-end-open" disabled={conn !== 'connected'} onClick={() => setDialog('end')}>
                {t('wartime.mode.end')}
              </button>
            </>
          ) : (
            <button type="button" className="btn btn-danger" data-testid="wartime-start-open" disabled={conn !== 'connected' || !state} onClick={() => setDialog('start')}>
              {t('wartime.mode.start')}
            </button>
          )}
        </div>
      )}
      {dialog === 'start' && <StartDialog onClose={() => setDialog(null)} />}
      {dialog === 'end' && <EndDialog onClose={() => setDialog(null)} />}
      {dialog === 'command' && p && (
        <CommandDialog
          onClose={() => setDialog(null)}
          current={{ commander: p.command.commander.id, executiveDeputy: p.command.executiveDeputy?.id ?? null, deputy: p.command.deputy?.id ?? null }}
        />
      )}
    </div>
  );
}
