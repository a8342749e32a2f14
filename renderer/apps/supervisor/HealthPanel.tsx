import { useCallback, useEffect, useState } from 'react';
import type { DoctorCheck } from '../../../shared/contract';
import { bridge } from '../../bridge';
import { ErrorNotice } from '../../components/Shell';
import { useT } from '../../i18n';

/** What `doctor` says about every device and service. */
export function HealthPanel() {
  const t = useT();
  const [checks, setChecks] = useState<DoctorCheck[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(() => {
    bridge
      .call('system.doctor', {})
      .then((r) => {
        setChecks(r.checks);
        setError(null);
      })
      .catch((e: Error) => setError(e.message));
  }, []);
  useEffect(refresh, [refresh]);

  return (
    <section className="panel">
      <h2>{t('supervisor.health')}</h2>
      {error && <ErrorNotice message={error} onRetry={refresh} />}
      {!checks ? (
        <p className="muted">{t('app.loading')}</p>
      ) : (
        <ul className="health" data-testid="health-checks">
          {checks.map((c) => (
            <li key={c.id} className={`health-${c.status}`}>
              <span className="badge">{t(`status.${c.status}`)}</span> <b>{c.name}</b> — {c.detail}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
