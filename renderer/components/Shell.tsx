import { useEffect, type ReactNode } from 'react';
import { useLocale, useT } from '../i18n';
import { useConnection } from '../stores/connection';
import { useSystem } from '../stores/system';
import { UserBadge } from '../apps/auth/UserBadge';

export const ROUTES = ['counter', 'kiosk', 'display', 'supervisor'] as const;
export type Route = (typeof ROUTES)[number];

interface ShellProps {
  route: Route | 'home';
  /** Kiosk and display run full screen for the public: no navigation bar. */
  bare?: boolean;
  children: ReactNode;
}

export function Shell({ route, bare = false, children }: ShellProps) {
  const t = useT();
  const { locale, setLocale } = useLocale();
  const connected = useConnection((s) => s.connected);
  const info = useSystem((s) => s.info);
  const load = useSystem((s) => s.load);

  useEffect(() => {
    void load().catch(() => undefined);
  }, [load]);

  return (
    <div className={`shell shell-${route}${bare ? ' shell-bare' : ''}`}>
      {!bare && (
        <header className="topbar">
          <a className="brand" href="#/">
            {t('app.title')}
          </a>
          <span className="agency">{info?.agencyName}</span>
          <nav>
            {ROUTES.map((r) => (
              <a key={r} href={`#/${r}`} className={r === route ? 'active' : undefined}>
                {t(`nav.${r}`)}
              </a>
            ))}
          </nav>
          <UserBadge />
          <button type="button" className="link" onClick={() => setLocale(locale === 'vi' ? 'en' : 'vi')}>
            {t('app.language')}
          </button>
        </header>
      )}
      {connected === false && (
        <div className="banner banner-offline" role="alert">
          {t('app.offline')}
        </div>
      )}
      <main>{children}</main>
    </div>
  );
}

export function ErrorNotice({ message, onRetry }: { message: string; onRetry?: () => void }) {
  const t = useT();
  return (
    <div className="notice notice-error" role="alert">
      <strong>{t('app.error')}:</strong> {message}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('app.retry')}
        </button>
      )}
    </div>
  );
}

/** The one-line message under a form after a failed submit; nothing when there is none. */
export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="err" role="alert">
      {message}
    </p>
  );
}
