import { useState, type FormEvent } from 'react';
import { FormError } from '../../components/Shell';
import { useT } from '../../i18n';
import { useAction } from '../../components/useAction';
import { useAuth } from '../../stores/auth';
import { FieldError } from '../../components/FieldError';
import { useRequired } from '../../components/required';

/** The only page an unpaired kiosk or display board gets: type the code shown on the supervisor screen. */
export function PairingPage() {
  const t = useT();
  const pair = useAuth((s) => s.pair);
  const [code, setCode] = useState('');
  const { busy, error, run } = useAction();
  const required = useRequired();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!required.check([code])) return;
    void run(() => pair(code));
  }

  return (
    <section className="auth-page">
      <form className="panel auth-form" noValidate onSubmit={submit} aria-label={t('auth.pair.title')}>
        <h1>{t('auth.pair.title')}</h1>
        <p>{t('auth.pair.help')}</p>
        <label>
          {t('auth.pair.code')}
          <input
            value={code}
            onChange={(e) => setCode(e.target.value)}
            inputMode="numeric"
            autoComplete="one-time-code"
            placeholder="1234 5678"
            maxLength={12}
            className="pair-code"
            autoFocus
            aria-required="true"
          />
          <FieldError message={required.message(t('auth.pair.code'), code)} />
        </label>
        <FormError message={error} />
        <button type="submit" disabled={busy}>
          {t('auth.pair.submit')}
        </button>
        <p className="small">
          <a href="#/counter">{t('auth.pair.isOfficer')}</a>
        </p>
      </form>
    </section>
  );
}
