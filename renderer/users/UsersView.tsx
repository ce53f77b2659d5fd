// 管理 · 用户: the administrator creates, edits, disables and re-enables accounts, assigns role and unit, and resets
// passwords (a one-time password, shown once). Every action is recorded in the ledger by the server.
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  apiError, ROLE_LABELS, ROLE_UNIT, ROLES, STATIONING_LABELS, type AdminUnit, type AdminUser, type ApiError, type OneTimePassword, type Role,
} from '../../protocol/index.ts';
import { useErrorText, useLabel } from '../i18n/index.ts';
import { RequestError } from '../net/http.ts';
import type { Session } from '../session/sessionSlice.ts';
import { createUser, listUnits, listUsers, resetPassword, setActive, updateUser } from './api.ts';
import { BatchPasswordsDialog } from './BatchPasswords.tsx';
import './i18n.ts';
import './users.css';

const asApiError = (err: unknown): ApiError => (err instanceof RequestError && err.apiError ? err.apiError : apiError('INTERNAL'));

type Editing = { kind: 'create' } | { kind: 'edit'; user: AdminUser };

export function UsersView({ session }: { session: Session }) {
  const { t } = useTranslation();
  const label = useLabel();
  const errText = useErrorText();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [data, setData] = useState<{ users: AdminUser[]; total: number } | null>(null);
  const [units, setUnits] = useState<AdminUnit[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [otp, setOtp] = useState<OneTimePassword | null>(null);
  const [batch, setBatch] = useState(false);
  const token = session.token;

  const reload = useCallback(() => {
    listUsers(token, { q, role }).then(setData, (e: unknown) => setError(asApiError(e)));
  }, [token, q, role]);
  useEffect(() => {
    const timer = setTimeout(reload, 200);
    return () => clearTimeout(timer);
  }, [reload]);
  useEffect(() => {
    listUnits(token).then((r) => setUnits(r.units), (e: unknown) => setError(asApiError(e)));
  }, [token]);

  const act = async (run: () => Promise<unknown>) => {
    setError(null);
    try {
      await run();
      reload();
    } catch (e) {
      setError(asApiError(e));
    }
  };
  const toggle = (u: AdminUser) => {
    if (u.active && !window.confirm(t('users.confirmDisable', { name: u.name }))) return;
    void act(() => setActive(token, u.id, !u.active));
  };
  const reset = (u: AdminUser) => {
    if (!window.confirm(t('users.confirmReset', { name: u.name }))) return;
    void act(async () => setOtp(await resetPassword(token, u.id)));
  };

  return (
    <div className="users-view" data-testid="users-view">
      <div className="users-bar">
        <input className="input" data-testid="users-search" placeholder={t('users.search')} value={q} onChange={(e) => setQ(e.target.value)} />
        <select className="select" data-testid="users-role" value={role} onChange={(e) => setRole(e.target.value as Role | '')}>
          <option value="">{t('users.allRoles')}</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {label(ROLE_LABELS[r])}
            </option>
          ))}
        </select>
        <button type="button" className="btn btn-primary" data-testid="users-create" onClick={() => setEditing({ kind: 'create' })}>
          {t('users.create')}
        </button>
        <button type="button" className="btn" data-testid="users-batch" onClick={() => setBatch(true)}>
          {t('users.batch')}
        </button>
        <span className="count">{data ? t('users.total', { n: data.total }) : t('users.loading')}</span>
      </div>
      {error && (
        <div className="form-error" role="alert" data-testid="users-error" data-code={error.code}>
          {errText(error)}
        </div>
      )}
      <div className="users-scroll">
        <table className="users-table">
          <thead>
            <tr>
              <th>{t('users.username')}</th>
              <th>{t('users.name')}</th>
              <th>{t('users.role')}</th>
              <th>{t('users.unit')}</th>
              <th>{t('users.phone')}</th>
              <th>{t('users.state')}</th>
              <th>{t('users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {data?.users.map((u) => (
              <tr key={u.id} data-testid={`user-row-${u.username}`} data-active={u.active}>
                <td>{u.username}</td>
                <td>{u.name}</td>
                <td>{label(ROLE_LABELS[u.role])}</td>
                <td>{u.centreName}</td>
                <td>{u.phone ?? ''}</td>
                <td>
                  {!u.active ? (
                    <span className="user-state off">{t('users.disabled')}</span>
                  ) : u.mustChangePassword ? (
                    <span className="user-state pending">{t('users.pending')}</span>
                  ) : (
                    <span className="user-state on">{t('users.active')}</span>
                  )}
                </td>
                <td className="acts">
                  <button type="button" className="btn btn-sm" data-testid="user-edit" onClick={() => setEditing({ kind: 'edit', user: u })}>
                    {t('users.edit')}
                  </button>
                  {u.id !== session.user.id && (
                    <button type="button" className="btn btn-sm" data-testid="user-toggle" onClick={() => toggle(u)}>
                      {u.active ? t('users.disable') : t('users.enable')}
                    </button>
                  )}
                  <button type="button" className="btn btn-sm" data-testid="user-reset" onClick={() => reset(u)}>
                    {t('users.reset')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {data && data.users.length === 0 && <div className="empty">{t('users.empty')}</div>}
      </div>
      {editing && (
        <UserForm
          token={token}
          units={units}
          editing={editing}
          onClose={() => setEditing(null)}
          onSaved={(created) => {
            setEditing(null);
            // Show the new account straight away (the list holds the first 500 of thousands).
            if (created) {
              setOtp(created);
              setQ(created.user.username);
            } else reload();
          }}
        />
      )}
      {batch && (
        <BatchPasswordsDialog
          token={token}
          units={units}
          onClose={() => {
            setBatch(false);
            reload();
          }}
        />
      )}
      {otp && (
        <div className="users-modal-backdrop">
          <div className="users-modal" role="dialog" aria-modal="true" aria-label={t('users.otpTitle')} data-testid="users-otp">
            <div className="users-modal-head">{t('users.otpTitle')}</div>
            <div className="users-modal-body">
              <div>{t('users.otpFor', { name: otp.user.name, username: otp.user.username })}</div>
              <div className="users-otp" data-testid="users-otp-value">
                {otp.oneTimePassword}
              </div>
              <div className="users-note">{t('users.otpNote')}</div>
              <div className="users-modal-foot">
                <button type="button" className="btn btn-primary" data-testid="users-otp-close" onClick={() => setOtp(null)}>
                  {t('users.close')}
                </button>
              </div>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}

function UserForm({ token, units, editing, onClose, onSaved }: {
  token: string; units: AdminUnit[]; editing: Editing; onClose: () => void; onSaved: (created: OneTimePassword | null) => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const errText = useErrorText();
  const before = editing.kind === 'edit' ? editing.user : null;
  const [username, setUsername] = useState('');
  const [name, setName] = useState(before?.name ?? '');
  const [role, setRole] = useState<Role>(before?.role ?? 'townshipOperator');
  const [centreId, setCentreId] = useState<number | ''>(before?.centreId ?? '');
  const [phone, setPhone] = useState(before?.phone ?? '');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  // Only units of the kind the role belongs to (a township operator → townships, …).
  const fitting = useMemo(() => units.filter((u) => u.level === ROLE_UNIT[role]), [units, role]);
  // Esc closes the form wherever the focus is (a native select keeps its own keys while open).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (busy || centreId === '') return;
    setBusy(true);
    setError(null);
    try {
      if (before) {
        await updateUser(token, before.id, { name, role, centreId, phone });
        onSaved(null);
      } else onSaved(await createUser(token, { username, name, role, centreId, ...(phone ? { phone } : {}) }));
    } catch (err) {
      setError(asApiError(err));
      setBusy(false);
    }
  }

  const title = before ? t('users.editTitle', { name: before.name }) : t('users.createTitle');
  return (
    <div className="users-modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="users-modal" role="dialog" aria-modal="true" aria-label={title} data-testid="user-form">
        <div className="users-modal-head">{title}</div>
        <form className="users-modal-body" onSubmit={(e) => void submit(e)} noValidate>
          {error && (
            <div className="form-error" role="alert" data-testid="user-form-error" data-code={error.code}>
              {errText(error)}
              {error.details ? `：${Object.values(error.details).join('；')}` : ''}
            </div>
          )}
          {!before && (
            <div className="field">
              <label htmlFor="uf-username">{t('users.username')}</label>
              <input id="uf-username" className="input" data-testid="user-form-username" value={username} onChange={(e) => setUsername(e.target.value)} />
            </div>
          )}
          <div className="field">
            <label htmlFor="uf-name">{t('users.name')}</label>
            <input id="uf-name" className="input" data-testid="user-form-name" value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="uf-role">{t('users.role')}</label>
            <select id="uf-role" className="select" data-testid="user-form-role" value={role} onChange={(e) => { setRole(e.target.value as Role); setCentreId(''); }}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {label(ROLE_LABELS[r])}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="uf-unit">{t('users.unit')}</label>
            <select id="uf-unit" className="select" data-testid="user-form-unit" value={centreId} onChange={(e) => setCentreId(e.target.value ? Number(e.target.value) : '')}>
              <option value="">{t('users.pickUnit')}</option>
              {fitting.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                  {u.stationing ? `（${label(STATIONING_LABELS[u.stationing])}）` : ''}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="uf-phone">{t('users.phone')}</label>
            <input id="uf-phone" className="input" data-testid="user-form-phone" value={phone} onChange={(e) => setPhone(e.target.value)} />
          </div>
          <div className="users-modal-foot">
            <button type="button" className="btn" onClick={onClose}>
              {t('users.cancel')}
            </button>
            <button type="submit" className="btn btn-primary" data-testid="user-form-save" disabled={busy || !name.trim() || centreId === '' || (!before && !username.trim())}>
              {t('users.save')}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
