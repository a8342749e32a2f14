import { useState, type FormEvent } from 'react';
import { bridge } from '../../bridge';
import { FormError } from '../../components/Shell';
import { useT } from '../../i18n';
import { useAuth } from '../../stores/auth';
import { FieldError } from '../../components/FieldError';
import { useRequired } from '../../components/required';

/** First login with a one-time password: the officer chooses their own before anything else. */
export function ChangePasswordPage() {
  const t = useT();
  const load = useAuth((s) => s.load);
  const logout = useAuth((s) => s.logout);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const required = useRequired();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!required.check([current, next, again])) return;
    if (next !== again) {
      setError(t('auth.change.mismatch'));
      return;
    }
    try {
      await bridge.call('auth.changePassword', { currentPassword: current, newPassword: next });
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <section className="auth-page">
      <form className="panel auth-form" noValidate onSubmit={(e) => void submit(e)} aria-label={t('auth.change.title')}>
        <h1>{t('auth.change.title')}</h1>
        <p>{t('auth.change.help')}</p>
        <label>
          {t('auth.change.current')}
          <input
            type="password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
            autoComplete="current-password"
            aria-required="true"
          />
          <FieldError message={required.message(t('auth.change.current'), current)} />
        </label>
        <label>
          {t('auth.change.new')}
          <input type="password" value={next} onChange={(e) => setNext(e.target.value)} autoComplete="new-password" aria-required="true" />
          <FieldError message={required.message(t('auth.change.new'), next)} />
        </label>
        <label>
          {t('auth.change.again')}
          <input
            type="password"
            value={again}
            onChange={(e) => setAgain(e.target.value)}
            autoComplete="new-password"
            aria-required="true"
          />
          <FieldError message={required.message(t('auth.change.again'), again)} />
        </label>
        <FormError message={error} />
        <button type="submit">{t('auth.change.submit')}</button>
        <button type="button" className="link" onClick={() => void logout()}>
          {t('auth.logout')}
        </button>
      </form>
    </section>
  );
}
