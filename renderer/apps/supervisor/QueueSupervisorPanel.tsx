import '../queue.css';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { PrinterAlert, PrinterStatus, QueueSettings } from '../../../shared/contract';
import { bridge } from '../../bridge';
import { ErrorNotice } from '../../components/Shell';
import { formatDateTime, useT } from '../../i18n';
import { useHall } from '../../stores/hall';
import { useQueue } from '../../stores/queue';
import { TimeInput } from '../../components/DateTimeInput';
import { FieldError } from '../../components/FieldError';
import { useRequired } from '../../components/required';
import { shownError } from '../../components/field-errors';

interface PrintedTicket {
  ticketId: string;
  number: string;
  at: string;
  pngBase64: string;
}

function PrinterSection() {
  const t = useT();
  const [status, setStatus] = useState<PrinterStatus | null>(null);
  const [alerts, setAlerts] = useState<PrinterAlert[]>([]);
  const [printed, setPrinted] = useState<PrintedTicket[]>([]);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(() => {
    bridge.call('queue.printerStatus', {}).then(
      (r) => {
        setStatus(r.status);
        setAlerts(r.alerts);
        setError(null);
        if (r.status.kind === 'simulated') void bridge.call('queue.printedTickets', { limit: 8 }).then(setPrinted);
      },
      (e: Error) => setError(e.message),
    );
  }, []);

  useEffect(refresh, [refresh]);
  useEffect(() => bridge.on('queue.printerAlert', (alert) => setAlerts((a) => [alert, ...a].slice(0, 20))), []);
  useEffect(() => bridge.on('queue.printed', () => void bridge.call('queue.printedTickets', { limit: 8 }).then(setPrinted)), []);

  return (
    <section className="panel">
      <h2>{t('supervisor.printer')}</h2>
      {error && <ErrorNotice message={error} onRetry={refresh} />}
      {status && (
        <p className={`health-${status.status}`} data-testid="printer-status">
          <span className="badge">{t(`status.${status.status}`)}</span> <b>{status.target}</b> — {status.message}{' '}
          <button type="button" onClick={refresh}>
            {t('app.retry')}
          </button>
        </p>
      )}
      {alerts.length > 0 && (
        <>
          <h3>{t('supervisor.printerAlerts')}</h3>
          <ul className="health" data-testid="printer-alerts">
            {alerts.map((a, i) => (
              <li key={`${a.at}-${i}`} className={`health-${a.status}`}>
                <span className="badge">{t(`status.${a.status}`)}</span> {formatDateTime(a.at)} — {a.message}
              </li>
            ))}
          </ul>
        </>
      )}
      {status?.kind === 'simulated' && (
        <>
          <h3>{t('supervisor.demoPrints')}</h3>
          <div className="demo-prints" data-testid="demo-prints">
            {printed.map((p) => (
              <figure key={p.ticketId}>
                <img src={`data:image/png;base64,${p.pngBase64}`} alt={`${t('a11y.ticketPrint')} ${p.number}`} />
                <figcaption>
                  {p.number} · {formatDateTime(p.at)}
                </figcaption>
              </figure>
            ))}
          </div>
        </>
      )}
    </section>
  );
}

function SettingsSection() {
  const t = useT();
  const hall = useHall((s) => s.config);
  const [draft, setDraft] = useState<QueueSettings | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [fields, setFields] = useState<ReadonlyMap<string, string>>(new Map());
  // The contract's refusal names the field ("elderlyAge", "numberRanges.ho-tich.end"); the first one under a prefix is shown there.
  const fieldError = (prefix: string) => [...fields].find(([path]) => path === prefix || path.startsWith(`${prefix}.`))?.[1];

  useEffect(() => {
    void bridge.call('queue.settings', {}).then(setDraft);
  }, []);
  if (!draft) return null;

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    try {
      setDraft(await bridge.call('queue.saveSettings', draft));
      setMessage({ ok: true, text: t('supervisor.saved') });
      setFields(new Map());
    } catch (e) {
      const shown = shownError(e);
      setMessage({ ok: false, text: shown.message });
      setFields(shown.fields);
    }
  }

  return (
    <section className="panel">
      <h2>{t('supervisor.queueSettings')}</h2>
      <form className="settings-form" noValidate onSubmit={(e) => void save(e)} data-testid="queue-settings">
        <label>
          {t('supervisor.openingHours')}{' '}
          <TimeInput
            label={t('supervisor.openAt')}
            value={draft.openingHours.open}
            onChange={(open) => setDraft({ ...draft, openingHours: { ...draft.openingHours, open } })}
            error={fieldError('openingHours.open')}
          />
          –
          <TimeInput
            label={t('supervisor.closeAt')}
            value={draft.openingHours.close}
            onChange={(close) => setDraft({ ...draft, openingHours: { ...draft.openingHours, close } })}
            error={fieldError('openingHours.close')}
          />
        </label>
        <label>
          <input
            type="checkbox"
            checked={draft.openingHours.enforce}
            onChange={(e) => setDraft({ ...draft, openingHours: { ...draft.openingHours, enforce: e.target.checked } })}
          />{' '}
          {t('supervisor.enforceHours')}
        </label>
        <label>
          {t('supervisor.resetTime')}{' '}
          <TimeInput
            value={draft.dailyResetTime}
            onChange={(dailyResetTime) => setDraft({ ...draft, dailyResetTime })}
            error={fieldError('dailyResetTime')}
          />
        </label>
        <label>
          {t('supervisor.policy')}{' '}
          <select
            value={draft.policy.mode}
            onChange={(e) => setDraft({ ...draft, policy: { ...draft.policy, mode: e.target.value as 'strict' | 'alternate' } })}
          >
            <option value="strict">{t('supervisor.policyStrict')}</option>
            <option value="alternate">{t('supervisor.policyAlternate')}</option>
          </select>{' '}
          N ={' '}
          <input
            type="number"
            min={1}
            max={20}
            value={draft.policy.normalPerPriority}
            onChange={(e) => setDraft({ ...draft, policy: { ...draft.policy, normalPerPriority: Number(e.target.value) } })}
            style={{ width: '4em' }}
            aria-invalid={fieldError('policy') ? true : undefined}
          />
          <FieldError message={fieldError('policy')} testId="field-error-policy" />
        </label>
        <label>
          {t('supervisor.elderlyAge')}{' '}
          <input
            type="number"
            min={50}
            max={100}
            value={draft.elderlyAge}
            onChange={(e) => setDraft({ ...draft, elderlyAge: Number(e.target.value) })}
            style={{ width: '5em' }}
            aria-invalid={fieldError('elderlyAge') ? true : undefined}
          />
          <FieldError message={fieldError('elderlyAge')} testId="field-error-elderlyAge" />
        </label>
        <fieldset>
          <legend>{t('supervisor.priorityGroups')}</legend>
          {draft.priorityGroups.map((g, i) => (
            <label key={g.id} className="block">
              <input
                type="checkbox"
                checked={g.active}
                onChange={(e) =>
                  setDraft({
                    ...draft,
                    priorityGroups: draft.priorityGroups.map((x, j) => (j === i ? { ...x, active: e.target.checked } : x)),
                  })
                }
              />{' '}
              <input
                value={g.name}
                aria-label={`${t('supervisor.priorityGroups')} ${i + 1}`}
                onChange={(e) =>
                  setDraft({ ...draft, priorityGroups: draft.priorityGroups.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)) })
                }
                size={40}
              />
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('supervisor.numberRange')}</legend>
          {hall?.services.map((s) => {
            const range = draft.numberRanges[s.id] ?? { start: 1, end: 999 };
            const setRange = (next: { start: number; end: number }) =>
              setDraft({ ...draft, numberRanges: { ...draft.numberRanges, [s.id]: next } });
            return (
              <label key={s.id} className="block">
                <b>{s.prefix}</b> {s.name}:{' '}
                <input
                  type="number"
                  value={range.start}
                  onChange={(e) => setRange({ ...range, start: Number(e.target.value) })}
                  style={{ width: '6em' }}
                />
                –
                <input
                  type="number"
                  value={range.end}
                  onChange={(e) => setRange({ ...range, end: Number(e.target.value) })}
                  style={{ width: '6em' }}
                />
                <FieldError message={fieldError(`numberRanges.${s.id}`)} />
              </label>
            );
          })}
        </fieldset>
        <button type="submit">{t('supervisor.save')}</button>
        {message && <span className={message.ok ? 'ok' : 'err'}>{message.text}</span>}
      </form>
    </section>
  );
}

/** Counters and the services each serves (hall.saveCounter), edited in place. */
function CountersSection() {
  const t = useT();
  const hall = useHall((s) => s.config);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [name, setName] = useState('');
  const [number, setNumber] = useState('');
  const required = useRequired();
  const typed = number.trim();
  const numberProblem = typed !== '' && (!/^\d{1,3}$/.test(typed) || Number(typed) < 1) ? t('supervisor.counterNumberRange') : undefined;
  if (!hall) return null;

  async function save(input: { id?: string; number: number; name: string; serviceIds: string[]; active?: boolean }) {
    try {
      await bridge.call('hall.saveCounter', input);
      setMessage({ ok: true, text: t('supervisor.saved') });
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    }
  }

  return (
    <section className="panel">
      <h2>{t('supervisor.counterServices')}</h2>
      <table data-testid="counter-services-table">
        <thead>
          <tr>
            <th>{t('supervisor.number')}</th>
            <th>{t('supervisor.name')}</th>
            {hall.services.map((s) => (
              <th key={s.id} title={s.name}>
                {s.prefix}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {hall.counters.map((c) => (
            <tr key={c.id}>
              <td>{c.number}</td>
              <td>{c.name}</td>
              {hall.services.map((s) => (
                <td key={s.id}>
                  <input
                    type="checkbox"
                    aria-label={`${c.name} – ${s.name}`}
                    checked={c.serviceIds.includes(s.id)}
                    onChange={(e) =>
                      void save({
                        ...c,
                        serviceIds: e.target.checked ? [...c.serviceIds, s.id] : c.serviceIds.filter((id) => id !== s.id),
                      })
                    }
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <form
        noValidate
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!required.check([number, name]) || numberProblem) return;
          void save({ number: Number(number), name: name.trim(), serviceIds: [] }).then(() => {
            setName('');
            setNumber('');
            required.reset();
          });
        }}
      >
        <input
          inputMode="numeric"
          placeholder={t('supervisor.number')}
          value={number}
          onChange={(e) => setNumber(e.target.value)}
          aria-required="true"
          aria-invalid={numberProblem ? true : undefined}
          style={{ width: '7em' }}
        />
        <FieldError message={required.message(t('supervisor.number'), number) ?? numberProblem} />
        <input placeholder={t('supervisor.name')} value={name} onChange={(e) => setName(e.target.value)} aria-required="true" />
        <FieldError message={required.message(t('supervisor.name'), name)} />
        <button type="submit">{t('supervisor.addCounter')}</button>
        {message && <span className={message.ok ? 'ok' : 'err'}>{message.text}</span>}
      </form>
    </section>
  );
}

/** The hall queue for the supervisor: live counts, printer (with demo prints and alerts), settings. */
export function QueueSupervisorPanel() {
  const t = useT();
  const { state, load } = useQueue();
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <>
      <section className="panel">
        <h2>{t('supervisor.queueLive')}</h2>
        <table data-testid="queue-live">
          <thead>
            <tr>
              <th>{t('supervisor.services')}</th>
              <th>{t('queue.waiting')}</th>
            </tr>
          </thead>
          <tbody>
            {state?.services.map((s) => (
              <tr key={s.id}>
                <td>
                  <b>{s.prefix}</b> {s.name}
                </td>
                <td>{s.waiting}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <ul className="chips">
          {state?.counters.map((c) => (
            <li key={c.id} className="chip">
              {c.name}: <b>{c.current?.number ?? '—'}</b>
            </li>
          ))}
        </ul>
      </section>
      <PrinterSection />
      <SettingsSection />
      <CountersSection />
    </>
  );
}
