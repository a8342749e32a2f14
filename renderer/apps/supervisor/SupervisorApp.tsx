import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { DoctorCheck } from '../../../shared/contract';
import { bridge } from '../../bridge';
import { ErrorNotice } from '../../components/Shell';
import { useT } from '../../i18n';
import { useHall } from '../../stores/hall';

function HealthPanel() {
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

function AddServiceForm() {
  const t = useT();
  const [name, setName] = useState('');
  const [prefix, setPrefix] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await bridge.call('hall.saveService', { name: name.trim(), prefix: prefix.trim().toUpperCase() });
      setMessage({ ok: true, text: t('supervisor.saved') });
      setName('');
      setPrefix('');
    } catch (error) {
      setMessage({ ok: false, text: (error as Error).message });
    }
  }

  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)}>
      <input placeholder={t('supervisor.name')} value={name} onChange={(e) => setName(e.target.value)} required />
      <input
        placeholder={t('supervisor.prefix')}
        value={prefix}
        onChange={(e) => setPrefix(e.target.value)}
        maxLength={2}
        required
        size={4}
      />
      <button type="submit">{t('supervisor.addService')}</button>
      {message && <span className={message.ok ? 'ok' : 'err'}>{message.text}</span>}
    </form>
  );
}

export function SupervisorApp() {
  const t = useT();
  const { config, error, load } = useHall();
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="supervisor">
      <HealthPanel />
      <section className="panel">
        <h2>{t('supervisor.services')}</h2>
        {error && <ErrorNotice message={error} onRetry={() => void load()} />}
        <table data-testid="services-table">
          <thead>
            <tr>
              <th>{t('supervisor.prefix')}</th>
              <th>{t('supervisor.name')}</th>
            </tr>
          </thead>
          <tbody>
            {config?.services.map((s) => (
              <tr key={s.id}>
                <td>{s.prefix}</td>
                <td>{s.name}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <AddServiceForm />
      </section>
      <section className="panel">
        <h2>{t('supervisor.counters')}</h2>
        <table data-testid="counters-table">
          <thead>
            <tr>
              <th>{t('supervisor.number')}</th>
              <th>{t('supervisor.name')}</th>
              <th>{t('supervisor.services')}</th>
            </tr>
          </thead>
          <tbody>
            {config?.counters.map((c) => (
              <tr key={c.id}>
                <td>{c.number}</td>
                <td>{c.name}</td>
                <td>{c.serviceIds.map((id) => config.services.find((s) => s.id === id)?.prefix ?? id).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
