import { useCallback, useEffect, useState } from 'react';
import { auditRowWords, type AuditNames } from '../../../shared/audit-sentences';
import type { AuditEntry, AuditVerification } from '../../../shared/contract';
import { bridge } from '../../bridge';
import { ErrorNotice } from '../../components/Shell';
import { formatDateTime, useT } from '../../i18n';

const NO_NAMES: AuditNames = { accounts: new Map(), devices: new Map(), counters: new Map() };

/** Usernames, device and counter names, so a row reads in names instead of ids. */
async function loadNames(): Promise<AuditNames> {
  const [accounts, devices, hall] = await Promise.all([
    bridge.call('accounts.list', {}),
    bridge.call('devices.list', {}),
    bridge.call('hall.config', {}),
  ]);
  return {
    accounts: new Map(accounts.map((a) => [a.id, `${a.displayName} (${a.username})`])),
    devices: new Map(devices.map((d) => [d.id, d.name])),
    counters: new Map(hall.counters.map((c) => [c.id, `Quầy ${c.number} — ${c.name}`])),
  };
}

/** The audit trail: the chain's verification first, then the newest entries. */
export function AuditPanel() {
  const t = useT();
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const [names, setNames] = useState<AuditNames>(NO_NAMES);

  const refresh = useCallback(() => {
    Promise.all([bridge.call('audit.verify', {}), bridge.call('audit.list', { limit: 100 }), loadNames()])
      .then(([v, e, n]) => {
        setVerification(v);
        setEntries(e);
        setNames(n);
        setError(null);
      })
      .catch((e: Error) => setError(e.message));
  }, []);
  useEffect(refresh, [refresh]);

  return (
    <>
      <section className="panel">
        <h2>{t('audit.verifyTitle')}</h2>
        {error && <ErrorNotice message={error} onRetry={refresh} />}
        {verification && (
          <div data-testid="audit-verification" className={verification.ok ? 'ok' : 'err'}>
            <p>
              <b>{verification.ok ? t('audit.intact') : t('audit.broken')}</b> — {verification.checked} {t('audit.rowsChecked')} (
              {formatDateTime(verification.checkedAt)})
            </p>
            {verification.problems.length > 0 && (
              <ul>
                {verification.problems.map((p) => (
                  <li key={`${p.kind}-${p.seq}`}>{p.message}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        <button type="button" onClick={refresh}>
          {t('audit.verifyAgain')}
        </button>
      </section>
      <section className="panel">
        <h2>{t('audit.entries')}</h2>
        <table data-testid="audit-table">
          <thead>
            <tr>
              <th>#</th>
              <th>{t('audit.when')}</th>
              <th>{t('audit.who')}</th>
              <th>{t('audit.action')}</th>
              <th>{t('audit.subject')}</th>
              <th>{t('audit.from')}</th>
            </tr>
          </thead>
          <tbody>
            {entries?.map((e) => {
              const words = auditRowWords(e, names);
              return (
                <tr key={e.seq}>
                  <td>{e.seq}</td>
                  <td>{formatDateTime(e.at)}</td>
                  <td>{words.who}</td>
                  <td title={e.action}>{words.did}</td>
                  <td>{words.subject || '—'}</td>
                  <td>{words.from || '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </>
  );
}
