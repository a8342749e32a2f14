import { useEffect, useState } from 'react';
import { ErrorNotice } from '../../components/Shell';
import { Tabs } from '../../components/Tabs';
import { useT } from '../../i18n';
import { useHall } from '../../stores/hall';
import { useCounterSession } from './counter-session';
import { HallLinkBanner } from './HallLinkBanner';
import { COUNTER_PANELS } from './panels';

export function CounterApp() {
  const t = useT();
  const { config, error, load } = useHall();
  const counterId = useCounterSession((s) => s.counterId);
  const choose = useCounterSession((s) => s.choose);
  const mainPanels = COUNTER_PANELS.filter((p) => p.area === 'main');
  const [activeMain, setActiveMain] = useState(mainPanels[0]?.id);

  useEffect(() => {
    void load();
  }, [load]);

  if (error) return <ErrorNotice message={error} onRetry={() => void load()} />;
  if (!config) return <p className="muted">{t('app.loading')}</p>;
  if (config.counters.length === 0) return <p className="muted">{t('counter.noCounters')}</p>;

  const counter = config.counters.find((c) => c.id === counterId) ?? config.counters[0];
  if (!counter) return null;
  const main = mainPanels.find((p) => p.id === activeMain) ?? mainPanels[0];

  return (
    <section className="counter">
      <HallLinkBanner />
      <div className="counter-head">
        <h1 data-testid="counter-title">{counter.name}</h1>
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
      </div>
      <div className="counter-layout">
        <aside className="counter-side">
          {COUNTER_PANELS.filter((p) => p.area === 'side').map((p) => (
            <section key={p.id} className="panel">
              <h2>{t(p.label)}</h2>
              <p.Component counterId={counter.id} />
            </section>
          ))}
        </aside>
        {main && (
          <div className="counter-main">
            <Tabs
              label={t('a11y.counterTabs')}
              items={mainPanels.map((p) => ({ id: p.id, label: t(p.label) }))}
              active={main.id}
              onChange={setActiveMain}
            >
              <main.Component counterId={counter.id} />
            </Tabs>
          </div>
        )}
      </div>
    </section>
  );
}
