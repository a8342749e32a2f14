import '../queue.css';
import './display.css';
import { useEffect, useState } from 'react';
import type { Call, Counter } from '../../../shared/contract';
import { useAutoRetry } from '../../components/auto-retry';
import { ArrowIcon, ClockIcon, SpeakerIcon } from '../../components/icons';
import { useT } from '../../i18n';
import { useConnection } from '../../stores/connection';
import { useHall } from '../../stores/hall';
import { onCall, useQueue } from '../../stores/queue';
import { useSystem } from '../../stores/system';
import { announce, useAnnouncer } from './announcer';
import { PAGE_SECONDS, gridShape, paginate } from './layout';
import { vnDateText, vnTimeText, vnWeekday } from '../../../shared/vn-time';

/** Width to height of the counters' region on a 16:9 TV (the latest call and the list take the rest). */
const GRID_ASPECT = 3.1;

function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function timeText(now: Date): string {
  return vnTimeText(now);
}

function dateText(now: Date): string {
  return `${vnWeekday(now)}, ${vnDateText(now)}`;
}

/** The page of counters on screen; turns every PAGE_SECONDS when the hall has more than one page. */
function usePage(pageCount: number): number {
  const [page, setPage] = useState(0);
  useEffect(() => {
    if (pageCount <= 1) return;
    const timer = setInterval(() => setPage((p) => (p + 1) % pageCount), PAGE_SECONDS * 1000);
    return () => clearInterval(timer);
  }, [pageCount]);
  return page % Math.max(1, pageCount);
}

function LatestCall({ call }: { call: Call | undefined }) {
  const t = useT();
  return (
    <section className="display-latest" aria-labelledby="display-latest-title">
      <h2 id="display-latest-title">{t('display.latest')}</h2>
      {call ? (
        <p className="display-latest-call" data-testid="display-latest">
          <span className="display-latest-number">{call.number}</span>
          <ArrowIcon className="display-arrow" />
          <span className="display-latest-counter">
            {t('display.counter')} {call.counterNumber}
          </span>
        </p>
      ) : (
        <p className="display-latest-call display-idle">{t('display.noneYet')}</p>
      )}
    </section>
  );
}

function CounterGrid({ counters, current, flash }: { counters: Counter[]; current: Map<string, string>; flash: string | null }) {
  const t = useT();
  const pages = paginate(counters);
  const page = usePage(pages.length);
  const shown = pages[page] ?? [];
  const shape = gridShape(shown.length, GRID_ASPECT);
  return (
    <section className="display-counters-region" aria-label={t('display.title')}>
      <div
        className="display-grid"
        data-testid="display-counters"
        data-page={page + 1}
        data-pages={pages.length}
        style={{ gridTemplateColumns: `repeat(${shape.columns}, 1fr)`, gridTemplateRows: `repeat(${shape.rows}, 1fr)` }}
      >
        {shown.map((c) => {
          const number = current.get(c.id);
          return (
            <div key={c.id} className={`display-cell${flash === c.id ? ' display-flash' : ''}`} data-counter-id={c.id}>
              <div className="display-counter">
                {t('display.counter')} {c.number}
              </div>
              {number ? (
                <div className="display-number" data-testid={`display-current-${c.id}`}>
                  {number}
                </div>
              ) : (
                <div className="display-number display-idle">{t('display.waiting')}</div>
              )}
            </div>
          );
        })}
      </div>
      {pages.length > 1 && (
        <p className="display-page" data-testid="display-page">
          {t('display.page')} {page + 1}/{pages.length}
        </p>
      )}
    </section>
  );
}

/** The hall's display board: a TV across the hall, read from ten metres, live over the WebSocket. */
export function DisplayApp() {
  const t = useT();
  const { config, error, load } = useHall();
  const { state, error: queueError, load: loadQueue } = useQueue();
  const connected = useConnection((s) => s.connected);
  const agency = useSystem((s) => s.info?.agencyName);
  const { speaking, queue, lastMode } = useAnnouncer();
  const now = useNow();
  const [flash, setFlash] = useState<string | null>(null);

  useEffect(() => {
    void load();
    void loadQueue();
  }, [load, loadQueue]);
  // Nobody can press "Thử lại" on a TV on a wall: every failed load is tried again by itself.
  useAutoRetry(!!error, load);
  useAutoRetry(!!queueError, loadQueue);

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

  const trouble = !!error || !!queueError || connected === false;
  const current = new Map<string, string>();
  for (const c of state?.counters ?? []) if (c.current) current.set(c.id, c.current.number);
  const recent = state?.recentCalls ?? [];

  return (
    <section className="display">
      <header className="display-head">
        <span className="display-agency">{agency}</span>
        <h1>{t('display.title')}</h1>
        <span className="display-clock" data-testid="display-clock">
          <ClockIcon className="display-icon" />
          <span>
            <b>{timeText(now)}</b>
            <small>{dateText(now)}</small>
          </span>
        </span>
      </header>
      {trouble && (
        <p className="display-reconnecting" role="status" data-testid="display-reconnecting">
          {t('display.reconnecting')}
        </p>
      )}
      {!config ? (
        <p className="display-wait">{trouble ? t('display.reconnecting') : t('app.loading')}</p>
      ) : (
        <div className="display-body">
          <div className="display-main">
            <LatestCall call={recent[0]} />
            <CounterGrid counters={config.counters.filter((c) => c.active)} current={current} flash={flash} />
          </div>
          <aside className="display-recent" aria-labelledby="display-recent-title">
            <h2 id="display-recent-title">{t('display.recent')}</h2>
            <ol data-testid="display-recent">
              {recent.slice(0, 8).map((call) => (
                <li key={call.callId}>
                  <b>{call.number}</b>
                  <ArrowIcon className="display-arrow-small" />
                  <span>
                    {t('display.counter')} {call.counterNumber}
                  </span>
                </li>
              ))}
            </ol>
          </aside>
        </div>
      )}
      <footer className="display-voice" aria-live="polite" data-testid="display-voice" data-last-mode={lastMode ?? 'none'}>
        <SpeakerIcon className={`display-icon${speaking ? ' display-speaking-icon' : ''}`} />
        {speaking ? (
          <span data-testid="display-speaking">
            {t('display.speaking')}: {speaking.text}
          </span>
        ) : (
          <span className="display-voice-idle">{t('display.voiceIdle')}</span>
        )}
        {queue.length > 0 && (
          <span className="display-queued" data-testid="display-queued">
            (+{queue.length} {t('display.queued')})
          </span>
        )}
      </footer>
    </section>
  );
}
