import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { Account, OfficerRole } from '../../../shared/contract';
import { bridge } from '../../bridge';
import { ErrorNotice } from '../../components/Shell';
import { formatDateTime, useT } from '../../i18n';
import { FieldError } from '../../components/FieldError';
import { useRequired } from '../../components/required';

const ROLES: readonly OfficerRole[] = ['officer', 'supervisor', 'admin'];
const isRole = (value: string): value is OfficerRole => (ROLES as readonly string[]).includes(value);

/** Officer accounts: create (with a one-time password), change the role, disable and enable, unlock, reset the password. */
export function AccountsPanel() {
  const t = useT();
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const required = useRequired();
  const [secret, setSecret] = useState<{ username: string; password: string } | null>(null);
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<OfficerRole>('officer');

  const refresh = useCallback(() => {
    bridge
      .call('accounts.list', {})
      .then((a) => {
        setAccounts(a);
        setError(null);
      })
      .catch((e: Error) => setError(e.message));
  }, []);
  useEffect(refresh, [refresh]);

  async function create(event: FormEvent) {
    event.preventDefault();
    if (!required.check([username, displayName])) return;
    try {
      const answer = await bridge.call('accounts.save', { username, displayName, role });
      if (answer.oneTimePassword) setSecret({ username: answer.account.username, password: answer.oneTimePassword });
      setUsername('');
      setDisplayName('');
      required.reset();
      refresh();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function act(action: () => Promise<unknown>) {
    try {
      await action();
      refresh();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  /** The back end ends the account's sessions when it is disabled and refuses an admin demoting or disabling themself. */
  const update = (a: Account, change: { role?: OfficerRole; active?: boolean }) =>
    act(() =>
      bridge.call('accounts.save', {
        id: a.id,
        username: a.username,
        displayName: a.displayName,
        role: change.role ?? a.role,
        active: change.active ?? a.active,
      }),
    );

  const now = new Date().toISOString();
  return (
    <section className="panel">
      <h2>{t('accounts.title')}</h2>
      {error && <ErrorNotice message={error} onRetry={refresh} />}
      {secret && (
        <p className="pairing-code" data-testid="one-time-password">
          {t('accounts.oneTime')} <b>{secret.username}</b>: <span className="big-code">{secret.password}</span>
        </p>
      )}
      <table data-testid="accounts-table">
        <thead>
          <tr>
            <th>{t('auth.username')}</th>
            <th>{t('accounts.displayName')}</th>
            <th>{t('accounts.role')}</th>
            <th>{t('accounts.lastLogin')}</th>
            <th>{t('devices.state')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {accounts?.map((a) => {
            const locked = a.lockedUntil !== null && a.lockedUntil > now;
            return (
              <tr key={a.id}>
                <td>{a.username}</td>
                <td>{a.displayName}</td>
                <td>
                  <select
                    value={a.role}
                    aria-label={`${t('accounts.role')} — ${a.username}`}
                    data-testid={`account-role-${a.username}`}
                    onChange={(e) => isRole(e.target.value) && void update(a, { role: e.target.value })}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {t(`role.${r}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>{a.lastLoginAt ? formatDateTime(a.lastLoginAt) : '—'}</td>
                <td>{!a.active ? t('accounts.disabled') : locked ? t('accounts.locked') : t('accounts.active')}</td>
                <td>
                  {locked && (
                    <button type="button" onClick={() => void act(() => bridge.call('accounts.unlock', { id: a.id }))}>
                      {t('accounts.unlock')}
                    </button>
                  )}
                  <button type="button" data-testid={`account-active-${a.username}`} onClick={() => void update(a, { active: !a.active })}>
                    {a.active ? t('accounts.disable') : t('accounts.enable')}
                  </button>
                  <button
                    type="button"
                    onClick={() =>
                      void act(async () => {
                        const r = await bridge.call('accounts.resetPassword', { id: a.id });
                        setSecret({ username: a.username, password: r.oneTimePassword });
                      })
                    }
                  >
                    {t('accounts.reset')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <form className="inline-form" noValidate onSubmit={(e) => void create(e)}>
        <input placeholder={t('auth.username')} value={username} onChange={(e) => setUsername(e.target.value)} aria-required="true" />
        <FieldError message={required.message(t('auth.username'), username)} />
        <input
          placeholder={t('accounts.displayName')}
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          aria-required="true"
        />
        <FieldError message={required.message(t('accounts.displayName'), displayName)} />
        <select value={role} onChange={(e) => isRole(e.target.value) && setRole(e.target.value)} aria-label={t('accounts.role')}>
          <option value="officer">{t('role.officer')}</option>
          <option value="supervisor">{t('role.supervisor')}</option>
          <option value="admin">{t('role.admin')}</option>
        </select>
        <button type="submit">{t('accounts.create')}</button>
      </form>
    </section>
  );
}
