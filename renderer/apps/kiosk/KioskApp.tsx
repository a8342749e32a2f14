import '../queue.css';
import QRCode from 'qrcode';
import { useEffect, useRef, useState } from 'react';
import { AppError, type IssuedTicket, type QueueSettings, type Service } from '../../../shared/contract';
import { parseCccdQr } from '../../../shared/domain/cccd';
import { ageOn } from '../../../shared/queue/rules';
import { bridge } from '../../bridge';
import { ErrorNotice } from '../../components/Shell';
import { formatDateTime, useT } from '../../i18n';
import { useHall } from '../../stores/hall';
import { useQueue } from '../../stores/queue';
import { useSystem } from '../../stores/system';
import { RatingPage } from './RatingPage';

const RESULT_SECONDS = 20;

/** Random id (crypto.randomUUID needs a secure context; a kiosk on http://hub:8080 is not one). */
function newRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `kiosk-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * A keyboard-wedge scanner "types" the QR text and Enter. An invisible input
 * keeps the focus so that every character arrives, Vietnamese included
 * (scanners and IMEs may insert text without key events); inputMode="none"
 * keeps a touch screen's keyboard from popping up.
 */
function WedgeScanner({ onScan }: { onScan: (text: string) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const buffer = useRef('');
  useEffect(() => {
    const refocus = () => setTimeout(() => input.current?.focus(), 0);
    refocus();
    document.addEventListener('focusout', refocus);
    return () => document.removeEventListener('focusout', refocus);
  }, []);
  return (
    <input
      ref={input}
      className="kiosk-scan-input"
      inputMode="none"
      aria-hidden="true"
      tabIndex={-1}
      data-testid="kiosk-scanner"
      // Collect what each input event inserted and keep the field empty: the caret never matters.
      onInput={(event) => {
        buffer.current += (event.nativeEvent as InputEvent).data ?? '';
        event.currentTarget.value = '';
      }}
      onKeyDown={(event) => {
        if (event.key !== 'Enter') return;
        const text = buffer.current;
        buffer.current = '';
        if (text.length >= 20) onScan(text);
      }}
    />
  );
}

function TicketResult({ ticket, onDone }: { ticket: IssuedTicket; onDone: () => void }) {
  const t = useT();
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    void QRCode.toDataURL(ticket.qr, { margin: 1, scale: 5 }).then(setQr);
    const timer = setTimeout(onDone, RESULT_SECONDS * 1000);
    return () => clearTimeout(timer);
  }, [ticket, onDone]);
  return (
    <section className="kiosk kiosk-result" data-testid="kiosk-ticket">
      <h1>{t('kiosk.yourNumber')}</h1>
      <div className="kiosk-number" data-testid="kiosk-number">
        {ticket.number}
      </div>
      <div className="kiosk-service">{ticket.serviceName}</div>
      <dl className="kiosk-facts">
        <dt>{t('kiosk.time')}</dt>
        <dd>{formatDateTime(ticket.issuedAt)}</dd>
        <dt>{t('kiosk.ahead')}</dt>
        <dd data-testid="kiosk-ahead">{ticket.waitingAhead}</dd>
        <dt>{t('kiosk.estimate')}</dt>
        <dd>
          ~{ticket.estimatedWaitMinutes} {t('kiosk.minutes')}
        </dd>
      </dl>
      {qr && <img className="kiosk-qr" src={qr} alt={ticket.qr} />}
      {ticket.print.status === 'failed' && (
        <p className="notice notice-error" role="alert" data-testid="kiosk-print-failed">
          {t('kiosk.printFailed')}
        </p>
      )}
      <button type="button" className="kiosk-done" onClick={onDone}>
        {t('kiosk.done')}
      </button>
    </section>
  );
}

export function KioskApp() {
  const t = useT();
  const { config, error, load } = useHall();
  const agency = useSystem((s) => s.info?.agencyName);
  const [settings, setSettings] = useState<QueueSettings | null>(null);
  const [askPriority, setAskPriority] = useState(false);
  const [priorityGroup, setPriorityGroup] = useState<string | null>(null);
  const [citizen, setCitizen] = useState<{ name: string; age: number } | null>(null);
  const [issuing, setIssuing] = useState(false);
  const [ticket, setTicket] = useState<IssuedTicket | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const open = useQueue((s) => s.state?.open ?? true);
  const loadQueue = useQueue((s) => s.load);
  const rateCounter = /#\/kiosk\/danh-gia\?counter=([^&]+)/.exec(window.location.hash)?.[1];

  useEffect(() => {
    void load();
    void loadQueue();
    void bridge.call('queue.settings', {}).then(setSettings, () => undefined);
  }, [load, loadQueue]);

  const onScan = (text: string) => {
    const read = parseCccdQr(text);
    if (!read.ok) {
      setMessage(read.error);
      return;
    }
    const age = ageOn(read.applicant.birthDate, new Date());
    setCitizen({ name: read.applicant.fullName, age });
    if (settings && age >= settings.elderlyAge) {
      setPriorityGroup(settings.elderlyGroupId);
      setAskPriority(true);
    }
  };

  if (rateCounter) return <RatingPage counterId={decodeURIComponent(rateCounter)} />;
  if (error) return <ErrorNotice message={error} onRetry={() => void load()} />;
  if (!config) return <p className="muted">{t('app.loading')}</p>;

  const reset = () => {
    setTicket(null);
    setPriorityGroup(null);
    setAskPriority(false);
    setCitizen(null);
    setMessage(null);
  };

  async function take(service: Service) {
    if (issuing) return;
    setIssuing(true);
    setMessage(null);
    // One id per touch: if the answer is lost (hub restarting), the retry gets the same ticket, never a second one.
    const requestId = newRequestId();
    const input = {
      serviceId: service.id,
      requestId,
      ...(priorityGroup ? { priorityGroup } : {}),
      ...(citizen ? { citizenName: citizen.name } : {}),
    };
    try {
      let issued: IssuedTicket | null = null;
      for (let attempt = 0; !issued; attempt++) {
        try {
          issued = await bridge.call('queue.issueTicket', input);
        } catch (e) {
          if (!(e instanceof AppError) || e.code !== 'unavailable' || attempt >= 4) throw e;
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
      setTicket(issued);
    } catch (e) {
      setMessage((e as Error).message);
    } finally {
      setIssuing(false);
    }
  }

  if (ticket) return <TicketResult ticket={ticket} onDone={reset} />;

  const services = config.services.filter((s) => s.active);
  const groups = settings?.priorityGroups.filter((g) => g.active) ?? [];
  const chosenGroup = groups.find((g) => g.id === priorityGroup);

  return (
    <section className="kiosk">
      <WedgeScanner onScan={onScan} />
      <header className="kiosk-head">
        <div className="kiosk-agency">{agency}</div>
        <h1>{t('kiosk.welcome')}</h1>
        <p>{t('kiosk.subtitle')}</p>
        {citizen ? (
          <p className="kiosk-citizen" data-testid="kiosk-citizen">
            {t('kiosk.hello')} <b>{citizen.name}</b>
            {chosenGroup && (
              <>
                {' '}
                — {t('queue.priority')}: <b>{chosenGroup.name}</b>
              </>
            )}
          </p>
        ) : (
          <p className="muted kiosk-scan-hint">{t('kiosk.scanHint')}</p>
        )}
      </header>
      {!open && settings && (
        <p className="notice notice-error" role="alert" data-testid="kiosk-closed">
          {t('kiosk.closedHours')} {settings.openingHours.open}–{settings.openingHours.close}
        </p>
      )}
      {message && (
        <p className="notice notice-error" role="alert">
          {message}
        </p>
      )}
      {services.length === 0 ? (
        <p className="muted">{t('kiosk.noServices')}</p>
      ) : (
        <div className="kiosk-grid" data-testid="kiosk-services">
          {services.map((s) => (
            <button
              key={s.id}
              type="button"
              className="kiosk-tile"
              data-service-id={s.id}
              disabled={issuing}
              onClick={() => void take(s)}
            >
              <span className="kiosk-prefix">{s.prefix}</span>
              <span className="kiosk-name">{s.name}</span>
            </button>
          ))}
        </div>
      )}
      {groups.length > 0 && (
        <div className="kiosk-priority" data-testid="kiosk-priority">
          {!askPriority ? (
            <button type="button" className="kiosk-priority-ask" onClick={() => setAskPriority(true)}>
              {t('kiosk.priorityAsk')}
            </button>
          ) : (
            <>
              <h2>{t('kiosk.priorityChoose')}</h2>
              <div className="kiosk-priority-groups">
                {groups.map((g) => (
                  <button
                    key={g.id}
                    type="button"
                    aria-pressed={g.id === priorityGroup}
                    className={g.id === priorityGroup ? 'selected' : undefined}
                    onClick={() => setPriorityGroup(g.id)}
                  >
                    {g.name}
                  </button>
                ))}
                <button
                  type="button"
                  onClick={() => {
                    setPriorityGroup(null);
                    setAskPriority(false);
                  }}
                >
                  {t('kiosk.priorityNone')}
                </button>
              </div>
            </>
          )}
        </div>
      )}
      {issuing && <p className="kiosk-issuing">{t('kiosk.issuing')}</p>}
    </section>
  );
}
