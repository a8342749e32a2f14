import { useEffect } from 'react';
import { ErrorNotice } from '../../components/Shell';
import { useT } from '../../i18n';
import { useHall } from '../../stores/hall';
import { useCounterSession } from './counter-session';

export function CounterApp() {
  const t = useT();
  const { config, error, load } = useHall();
  const counterId = useCounterSession((s) => s.counterId);
  const choose = useCounterSession((s) => s.choose);

  useEffect(() => {
    void load();
  }, [load]);

  if (error) return <ErrorNotice message={error} onRetry={() => void load()} />;
  if (!config) return <p className="muted">{t('app.loading')}</p>;
  if (config.counters.length === 0) return <p className="muted">{t('counter.noCounters')}</p>;

  const counter = config.counters.find((c) => c.id === counterId) ?? config.counters[0];
  if (!counter) return null;
  const services = config.services.filter((s) => counter.serviceIds.includes(s.id));

  return (
    <section className="counter">
      <div className="counter-head">
        <label>
          {t('counter.choose')}{' '}
          <select value={counter.id} onChange={(e) => choose(e.target.value)} data-testid="counter-select">
            {config.counters.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <h1 data-testid="counter-title">{counter.name}</h1>
      </div>
      <h2>{t('counter.services')}</h2>
      <ul className="chips" data-testid="counter-services">
        {services.map((s) => (
          <li key={s.id} className="chip">
            <b>{s.prefix}</b> {s.name}
          </li>
        ))}
      </ul>
    </section>
  );
}
