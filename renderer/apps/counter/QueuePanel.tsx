import '../queue.css';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CounterQueue, MethodName, Ticket } from '../../../shared/contract';
import { bridge } from '../../bridge';
import { useT, type MessageKey } from '../../i18n';
import { useConnection } from '../../stores/connection';
import { useHall } from '../../stores/hall';
import { useQueue, useServingTicket } from '../../stores/queue';

type CounterAction = Extract<
  MethodName,
  'queue.callNext' | 'queue.recall' | 'queue.startService' | 'queue.noShow' | 'queue.skip' | 'queue.park' | 'queue.finish'
>;

/** Each counter action with its keyboard shortcut (function keys: they never collide with typing in a form). */
const ACTIONS: readonly { method: CounterAction; label: MessageKey; key: string; needsCurrent: boolean }[] = [
  { method: 'queue.callNext', label: 'queue.callNext', key: 'F2', needsCurrent: false },
  { method: 'queue.recall', label: 'queue.recall', key: 'F3', needsCurrent: true },
  { method: 'queue.startService', label: 'queue.start', key: 'F4', needsCurrent: true },
  { method: 'queue.noShow', label: 'queue.noShow', key: 'F6', needsCurrent: true },
  { method: 'queue.skip', label: 'queue.skip', key: 'F7', needsCurrent: true },
  { method: 'queue.park', label: 'queue.park', key: 'F8', needsCurrent: true },
  { method: 'queue.finish', label: 'queue.finish', key: 'F9', needsCurrent: true },
];

/** The counter's queue: call, recall, no-show, skip, call a number, transfer, park/resume, finish. */
export function QueuePanel({ counterId }: { counterId: string }) {
  const t = useT();
  const connected = useConnection((s) => s.connected);
  const hall = useHall((s) => s.config);
  const queueState = useQueue((s) => s.state);
  const setServing = useServingTicket((s) => s.set);
  const [view, setView] = useState<CounterQueue | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [number, setNumber] = useState('');
  const [transferTo, setTransferTo] = useState('');
  const numberInput = useRef<HTMLInputElement>(null);

  // Only the latest request may update the view: an answer for a counter chosen before must not win a race.
  const latest = useRef(0);
  const refresh = useCallback(async () => {
    const ticket = ++latest.current;
    try {
      const next = await bridge.call('queue.counterQueue', { counterId });
      if (ticket !== latest.current) return;
      setView(next);
      setServing(counterId, next.current);
    } catch (error) {
      if (ticket === latest.current) setMessage({ ok: false, text: (error as Error).message });
    }
  }, [counterId, setServing]);

  // Any change in the hall (another counter, a kiosk) may change this counter's list.
  useEffect(() => {
    void refresh();
  }, [refresh, queueState]);

  // Actions run one after another in the order pressed (a quick F4 then F9 does both, in order).
  const chain = useRef<Promise<void>>(Promise.resolve());
  const run = useCallback(
    (work: () => Promise<Ticket | null>, done?: (ticket: Ticket | null) => string) => {
      const next = chain.current.then(async () => {
        try {
          const ticket = await work();
          setMessage(done ? { ok: true, text: done(ticket) } : null);
        } catch (error) {
          setMessage({ ok: false, text: (error as Error).message });
        }
        await refresh();
      });
      chain.current = next;
      return next;
    },
    [refresh],
  );

  const act = useCallback(
    (method: CounterAction) =>
      run(
        () => bridge.call(method, { counterId }),
        (ticket) => (method === 'queue.callNext' && !ticket ? t('queue.noneWaiting') : ''),
      ),
    [counterId, run, t],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = ACTIONS.find((a) => a.key === event.key);
      if (action) {
        event.preventDefault();
        void act(action.method);
      } else if (event.altKey && event.key.toLowerCase() === 'g') {
        event.preventDefault();
        numberInput.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [act]);

  const current = view?.current ?? null;
  const offline = connected === false;

  return (
    <div className="queue-panel" data-testid="queue-panel">
      {offline && (
        <p className="notice notice-error" role="alert" data-testid="queue-offline">
          {t('queue.lostHub')}
        </p>
      )}
      <div className={`queue-current${current ? '' : ' idle'}`} data-testid="serving-ticket" data-status={current?.status ?? 'none'}>
        <span className="muted">{t('queue.current')}</span>
        <b className="queue-number">{current?.number ?? '—'}</b>
        {current ? (
          <span>
            {current.serviceName}
            {current.priorityGroup && <span className="chip chip-priority">{t('queue.priority')}</span>}
            {current.citizenName && <> · {current.citizenName}</>}
          </span>
        ) : (
          <span className="muted">{t('queue.none')}</span>
        )}
      </div>
      <div className="queue-actions">
        {ACTIONS.map((a) => (
          <button
            key={a.method}
            type="button"
            className={a.method === 'queue.callNext' ? 'primary' : undefined}
            disabled={offline || (a.needsCurrent && !current)}
            onClick={() => void act(a.method)}
          >
            {t(a.label)} <kbd>{a.key}</kbd>
          </button>
        ))}
      </div>
      <form
        noValidate
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          const wanted = number.trim();
          if (!wanted) return;
          void run(() => bridge.call('queue.callTicket', { counterId, number: wanted })).then(() => setNumber(''));
        }}
      >
        <input
          ref={numberInput}
          value={number}
          onChange={(e) => setNumber(e.target.value)}
          placeholder={t('queue.number')}
          size={8}
          aria-label={t('queue.number')}
        />
        <button type="submit" disabled={offline}>
          {t('queue.callSpecific')} <kbd>Alt+G</kbd>
        </button>
      </form>
      <form
        noValidate
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          const [kind, id] = transferTo.split(':');
          if (!id) return;
          void run(() =>
            bridge.call('queue.transfer', kind === 'counter' ? { counterId, targetCounterId: id } : { counterId, serviceId: id }),
          ).then(() => setTransferTo(''));
        }}
      >
        <select value={transferTo} onChange={(e) => setTransferTo(e.target.value)} aria-label={t('queue.transferTo')}>
          <option value="">{t('queue.transferTo')}</option>
          {hall?.services.map((s) => (
            <option key={s.id} value={`service:${s.id}`}>
              {s.prefix} — {s.name}
            </option>
          ))}
          {hall?.counters
            .filter((c) => c.id !== counterId)
            .map((c) => (
              <option key={c.id} value={`counter:${c.id}`}>
                {c.name}
              </option>
            ))}
        </select>
        <button type="submit" disabled={offline || !current || !transferTo}>
          {t('queue.transfer')}
        </button>
      </form>
      {message && message.text && (
        <p className={message.ok ? 'ok' : 'err'} role="status" data-testid="queue-message">
          {message.text}
        </p>
      )}
      {view && view.parked.length > 0 && (
        <>
          <h3>{t('queue.parkedList')}</h3>
          <ul className="queue-list" data-testid="queue-parked">
            {view.parked.map((p) => (
              <li key={p.id}>
                <b>{p.number}</b> {p.serviceName}{' '}
                <button
                  type="button"
                  disabled={offline}
                  onClick={() => void run(() => bridge.call('queue.resume', { counterId, ticketId: p.id }))}
                >
                  {t('queue.resume')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>
        {t('queue.waitingList')} ({view?.waiting.length ?? 0})
      </h3>
      <ul className="queue-list" data-testid="queue-waiting">
        {view?.waiting.slice(0, 10).map((w) => (
          <li key={w.id}>
            <b>{w.number}</b> {w.serviceName}
            {w.priorityGroup && <span className="chip chip-priority">{t('queue.priority')}</span>}{' '}
            <button
              type="button"
              disabled={offline}
              onClick={() => void run(() => bridge.call('queue.callTicket', { counterId, ticketId: w.id }))}
            >
              {t('queue.callSpecific')}
            </button>
          </li>
        ))}
        {view && view.waiting.length === 0 && <li className="muted">{t('queue.noneWaiting')}</li>}
      </ul>
    </div>
  );
}
