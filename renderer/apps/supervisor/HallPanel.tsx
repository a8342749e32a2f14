import { useEffect, useState, type FormEvent } from 'react';
import { bridge } from '../../bridge';
import { ErrorNotice } from '../../components/Shell';
import { useT } from '../../i18n';
import { useHall } from '../../stores/hall';
import { FieldError } from '../../components/FieldError';
import { useRequired } from '../../components/required';

function AddServiceForm() {
  const t = useT();
  const [name, setName] = useState('');
  const [prefix, setPrefix] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const required = useRequired();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!required.check([name, prefix])) return;
    try {
      await bridge.call('hall.saveService', { name: name.trim(), prefix: prefix.trim().toUpperCase() });
      setMessage({ ok: true, text: t('supervisor.saved') });
      setName('');
      setPrefix('');
      required.reset();
    } catch (error) {
      setMessage({ ok: false, text: (error as Error).message });
    }
  }

  return (
    <form className="inline-form" noValidate onSubmit={(e) => void submit(e)}>
      <input placeholder={t('supervisor.name')} value={name} onChange={(e) => setName(e.target.value)} aria-required="true" />
      <FieldError message={required.message(t('supervisor.name'), name)} />
      <input
        placeholder={t('supervisor.prefix')}
        value={prefix}
        onChange={(e) => setPrefix(e.target.value)}
        maxLength={2}
        aria-required="true"
        size={4}
      />
      <FieldError message={required.message(t('supervisor.prefix'), prefix)} />
      <button type="submit">{t('supervisor.addService')}</button>
      {message && <span className={message.ok ? 'ok' : 'err'}>{message.text}</span>}
    </form>
  );
}

/** Services and counters of the hall. */
export function HallPanel() {
  const t = useT();
  const { config, error, load } = useHall();
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <>
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
    </>
  );
}
