import { useState, type FormEvent } from 'react';
import { FormError } from '../../components/Shell';
import { useT } from '../../i18n';
import { useAction } from '../../components/useAction';
import { useAuth } from '../../stores/auth';
import { FieldError } from '../../components/FieldError';
import { useRequired } from '../../components/required';

/** Officer login. A kiosk or display board goes to the pairing page instead. */
export function LoginPage({ lockedOut = false }: { lockedOut?: boolean }) {
  const t = useT();
  const login = useAuth((s) => s.login);
  const [username, setUsername] = useState(() => sessionStorage.getItem('motcua.lastUser') ?? '');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();
  const required = useRequired();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!required.check([username, password])) return;
    void run(
      async () => {
        sessionStorage.setItem('motcua.lastUser', username.trim().toLowerCase());
        await login(username, password);
      },
      () => setPassword(''),
    );
  }

  return (
    <section className="auth-page">
      <form className="panel auth-form" noValidate onSubmit={submit} aria-label={t('auth.login.title')}>
        <h1>{t('auth.login.title')}</h1>
        {lockedOut && <p className="muted">{t('auth.idleLocked')}</p>}
        <label>
          {t('auth.username')}
          <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" autoFocus aria-required="true" />
          <FieldError message={required.message(t('auth.username'), username)} />
        </label>
        <label>
          {t('auth.password')}
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            aria-required="true"
          />
          <FieldError message={required.message(t('auth.password'), password)} />
        </label>
        <FormError message={error} />
        <button type="submit" disabled={busy}>
          {t('auth.login.submit')}
        </button>
        <p className="muted small">{t('auth.login.firstRun')}</p>
        <p className="small">
          <a href="#/pair">{t('auth.login.isDevice')}</a>
        </p>
      </form>
    </section>
  );
}
