import { useCallback, useEffect, useState } from 'react';
import type { AuditEntry, AuditVerification } from '../../../shared/contract';
import { bridge } from '../../bridge';
import { ErrorNotice } from '../../components/Shell';
import { formatDateTime, useT } from '../../i18n';

/** The audit trail: the chain's verification first, then the newest entries. */
export function AuditPanel() {
  const t = useT();
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(() => {
    Promise.all([bridge.call('audit.verify', {}), bridge.call('audit.list', { limit: 100 })])
      .then(([v, e]) => {
        setVerification(v);
        setEntries(e);
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
            </tr>
          </thead>
          <tbody>
            {entries?.map((e) => (
              <tr key={e.seq}>
                <td>{e.seq}</td>
                <td>{formatDateTime(e.at)}</td>
                <td>
                  {e.actorName ?? e.actorRole}
                  {e.deviceId ? <span className="muted"> · {e.deviceId}</span> : null}
                </td>
                <td>{e.action}</td>
                <td>{[e.subjectType, e.subjectId].filter(Boolean).join(' ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
