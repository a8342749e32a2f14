import { useCallback, useEffect, useState } from 'react';
import { ChangePasswordPage } from './apps/auth/ChangePasswordPage';
import { useIdleLock } from './apps/auth/idle-lock';
import { LoginPage } from './apps/auth/LoginPage';
import { PairingPage } from './apps/auth/PairingPage';
import { CounterApp } from './apps/counter/CounterApp';
import { DisplayApp } from './apps/display/DisplayApp';
import { KioskApp } from './apps/kiosk/KioskApp';
import { SupervisorApp } from './apps/supervisor/SupervisorApp';
import { useAutoRetry } from './components/auto-retry';
import { ErrorNotice, ROUTES, Shell, type Route } from './components/Shell';
import { useT } from './i18n';
import { useAuth } from './stores/auth';

type Page = Route | 'home' | 'pair';

/** Hash routes work both from the hub (http://hub/#/kiosk) and from Electron's file:// page. */
function currentRoute(): Page {
  const name = window.location.hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  if (name === 'pair') return 'pair';
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

const IDLE_FLAG = 'motcua.idleLocked';

/**
 * Nothing but the login or pairing page until the back end knows the caller.
 * The back end checks every call anyway; this only spares strangers a broken screen.
 */
export function App() {
  const t = useT();
  const [route, setRoute] = useState(currentRoute);
  const { status, me, error, load, logout } = useAuth();
  useEffect(() => {
    const onHash = () => setRoute(currentRoute());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const lock = useCallback(() => {
    sessionStorage.setItem(IDLE_FLAG, '1');
    void logout();
  }, [logout]);
  useIdleLock(me?.kind === 'officer', lock);
  // A kiosk or TV that started while its hub was down has nobody to press "Thử lại".
  useAutoRetry(!!error, load);

  if (error)
    return (
      <Shell route="home" bare>
        <ErrorNotice message={error} onRetry={() => void load()} />
      </Shell>
    );
  if (status === 'loading')
    return (
      <Shell route="home" bare>
        <p className="muted">{t('app.loading')}</p>
      </Shell>
    );

  const publicScreen = route === 'kiosk' || route === 'display' || route === 'pair';
  if (!me) {
    if (publicScreen)
      return (
        <Shell route="home" bare>
          <PairingPage />
        </Shell>
      );
    const idle = sessionStorage.getItem(IDLE_FLAG) === '1';
    return (
      <Shell route="home" bare>
        <LoginPage lockedOut={idle} />
      </Shell>
    );
  }
  sessionStorage.removeItem(IDLE_FLAG);
  if (route === 'pair')
    return (
      <Shell route="home" bare>
        <PairingPage />
      </Shell>
    );
  if (me.kind === 'device') {
    // A paired public screen shows its own app whatever the address says.
    if (me.role === 'kiosk')
      return (
        <Shell route="kiosk" bare>
          <KioskApp />
        </Shell>
      );
    if (me.role === 'display')
      return (
        <Shell route="display" bare>
          <DisplayApp />
        </Shell>
      );
    if (route === 'supervisor')
      return (
        <Shell route="home" bare>
          <LoginPage />
        </Shell>
      );
  }
  if (me.mustChangePassword)
    return (
      <Shell route="home" bare>
        <ChangePasswordPage />
      </Shell>
    );

  switch (route) {
    case 'counter':
      return (
        <Shell route={route}>
          <CounterApp />
        </Shell>
      );
    case 'kiosk':
      return (
        <Shell route={route} bare>
          <KioskApp />
        </Shell>
      );
    case 'display':
      return (
        <Shell route={route} bare>
          <DisplayApp />
        </Shell>
      );
    case 'supervisor':
      return (
        <Shell route={route}>
          {me.role === 'supervisor' || me.role === 'admin' ? <SupervisorApp /> : <ErrorNotice message={t('auth.supervisorOnly')} />}
        </Shell>
      );
    default:
      return (
        <Shell route="home">
          <Home />
        </Shell>
      );
  }
}
