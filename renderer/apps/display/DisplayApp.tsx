import { useEffect, useState } from 'react';
import { ErrorNotice } from '../../components/Shell';
import { useT } from '../../i18n';
import { useHall } from '../../stores/hall';
import { useSystem } from '../../stores/system';

function useClock(): string {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now.toLocaleTimeString('vi-VN', { hour12: false, timeZone: 'Asia/Ho_Chi_Minh' });
}

export function DisplayApp() {
  const t = useT();
  const { config, error, load } = useHall();
  const agency = useSystem((s) => s.info?.agencyName);
  const clock = useClock();

  useEffect(() => {
    void load();
  }, [load]);

  if (error) return <ErrorNotice message={error} onRetry={() => void load()} />;
  if (!config) return <p className="muted">{t('app.loading')}</p>;

  return (
    <section className="display">
      <header className="display-head">
        <span>{agency}</span>
        <span className="display-clock">{clock}</span>
      </header>
      <h1>{t('display.title')}</h1>
      <div className="display-grid" data-testid="display-counters">
        {config.counters
          .filter((c) => c.active)
          .map((c) => (
            <div key={c.id} className="display-cell">
              <div className="display-counter">
                {t('display.counter')} {c.number}
              </div>
              <div className="display-number display-idle">{t('display.waiting')}</div>
            </div>
          ))}
      </div>
    </section>
  );
}
