import { useEffect, useState } from 'react';
import { CounterApp } from './apps/counter/CounterApp';
import { DisplayApp } from './apps/display/DisplayApp';
import { KioskApp } from './apps/kiosk/KioskApp';
import { SupervisorApp } from './apps/supervisor/SupervisorApp';
import { ROUTES, Shell, type Route } from './components/Shell';
import { useT } from './i18n';

/** Hash routes work both from the hub (http://hub/#/kiosk) and from Electron's file:// page. */
function currentRoute(): Route | 'home' {
  const name = window.location.hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'home';
}

function Home() {
  const t = useT();
  return (
    <section className="home">
      <h1>{t('home.title')}</h1>
      <div className="home-grid">
        {ROUTES.map((r) => (
          <a key={r} className="home-tile" href={`#/${r}`}>
            <b>{t(`nav.${r}`)}</b>
            <span>{t(`home.${r}`)}</span>
          </a>
        ))}
      </div>
    </section>
  );
}

export function App() {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const onHash = () => setRoute(currentRoute());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  switch (route) {
    case 'counter':
      return <Shell route={route}><CounterApp /></Shell>;
    case 'kiosk':
      return <Shell route={route} bare><KioskApp /></Shell>;
    case 'display':
      return <Shell route={route} bare><DisplayApp /></Shell>;
    case 'supervisor':
      return <Shell route={route}><SupervisorApp /></Shell>;
    default:
      return <Shell route="home"><Home /></Shell>;
  }
}
