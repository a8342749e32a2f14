import '../queue.css';
import { useEffect, useState } from 'react';
import { ErrorNotice } from '../../components/Shell';
import { useT } from '../../i18n';
import { useHall } from '../../stores/hall';
import { onCall, useQueue } from '../../stores/queue';
import { useSystem } from '../../stores/system';
import { announce, useAnnouncer } from './announcer';

function useClock(): string {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now.toLocaleTimeString('vi-VN', { hour12: false, timeZone: 'Asia/Ho_Chi_Minh' });
}

/** The hall's display board: a plain browser page on a TV, live over the WebSocket. */
export function DisplayApp() {
  const t = useT();
  const { config, error, load } = useHall();
  const { state, load: loadQueue } = useQueue();
  const agency = useSystem((s) => s.info?.agencyName);
  const { speaking, queue, lastMode } = useAnnouncer();
  const clock = useClock();
  const [flash, setFlash] = useState<string | null>(null);

  useEffect(() => {
    void load();
    void loadQueue();
  }, [load, loadQueue]);

  useEffect(
    () =>
      onCall((call) => {
        announce(call);
        setFlash(call.counterId);
      }),
    [],
  );

  useEffect(() => {
    if (!flash) return;
    const timer = setTimeout(() => setFlash(null), 6000);
    return () => clearTimeout(timer);
  }, [flash]);

  if (error) return <ErrorNotice message={error} onRetry={() => void load()} />;
  if (!config) return <p className="muted">{t('app.loading')}</p>;
  const current = new Map(state?.counters.map((c) => [c.id, c.current]) ?? []);

  return (
    <section className="display">
      <header className="display-head">
        <span>{agency}</span>
        <span className="display-clock">{clock}</span>
      </header>
      <h1>{t('display.title')}</h1>
      <div className="display-body">
        <div className="display-grid" data-testid="display-counters">
          {config.counters
            .filter((c) => c.active)
            .map((c) => {
              const ticket = current.get(c.id);
              return (
                <div key={c.id} className={`display-cell${flash === c.id ? ' display-flash' : ''}`} data-counter-id={c.id}>
                  <div className="display-counter">
                    {t('display.counter')} {c.number}
                  </div>
                  {ticket ? (
                    <div className="display-number" data-testid={`display-current-${c.id}`}>
                      {ticket.number}
                    </div>
                  ) : (
                    <div className="display-number display-idle">{t('display.waiting')}</div>
                  )}
                </div>
              );
            })}
        </div>
        <aside className="display-recent">
          <h2>{t('display.recent')}</h2>
          <ol data-testid="display-recent">
            {state?.recentCalls.map((call) => (
              <li key={call.callId}>
                <b>{call.number}</b> → {t('display.counter')} {call.counterNumber}
              </li>
            ))}
          </ol>
        </aside>
      </div>
      <footer className="display-voice" aria-live="polite" data-testid="display-voice" data-last-mode={lastMode ?? "none"}>
        {speaking ? (
          <span data-testid="display-speaking">
            🔊 {t('display.speaking')}: {speaking.text}
          </span>
        ) : (
          <span className="muted">&nbsp;</span>
        )}
        {queue.length > 0 && (
          <span className="muted" data-testid="display-queued">
            {' '}
            (+{queue.length} {t('display.queued')})
          </span>
        )}
      </footer>
    </section>
  );
}
