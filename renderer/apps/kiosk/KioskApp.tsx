import { useEffect } from 'react';
import { ErrorNotice } from '../../components/Shell';
import { useT } from '../../i18n';
import { useHall } from '../../stores/hall';
import { useSystem } from '../../stores/system';

export function KioskApp() {
  const t = useT();
  const { config, error, load } = useHall();
  const agency = useSystem((s) => s.info?.agencyName);

  useEffect(() => {
    void load();
  }, [load]);

  if (error) return <ErrorNotice message={error} onRetry={() => void load()} />;
  if (!config) return <p className="muted">{t('app.loading')}</p>;
  const services = config.services.filter((s) => s.active);

  return (
    <section className="kiosk">
      <header className="kiosk-head">
        <div className="kiosk-agency">{agency}</div>
        <h1>{t('kiosk.welcome')}</h1>
        <p>{t('kiosk.subtitle')}</p>
      </header>
      {services.length === 0 ? (
        <p className="muted">{t('kiosk.noServices')}</p>
      ) : (
        <div className="kiosk-grid" data-testid="kiosk-services">
          {services.map((s) => (
            <button key={s.id} type="button" className="kiosk-tile" data-service-id={s.id}>
              <span className="kiosk-prefix">{s.prefix}</span>
              <span className="kiosk-name">{s.name}</span>
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
