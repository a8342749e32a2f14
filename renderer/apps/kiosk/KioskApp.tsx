import '../queue.css';
import './kiosk.css';
import QRCode from 'qrcode';
import { useCallback, useEffect, useRef, useState } from 'react';
import { AppError, type IssuedTicket, type PriorityGroup, type QueueSettings, type Service } from '../../../shared/contract';
import { parseCccdQr } from '../../../shared/domain/cccd';
import { checkCccdRead } from '../../../shared/domain/code-read-check';
import { ageOn } from '../../../shared/queue/rules';
import { bridge } from '../../bridge';
import { useAutoRetry } from '../../components/auto-retry';
import { QrIcon } from '../../components/icons';
import { formatDateTime, useT } from '../../i18n';
import { useHall } from '../../stores/hall';
import { useQueue } from '../../stores/queue';
import { useSystem } from '../../stores/system';
import { RatingPage } from './RatingPage';
import { useScannerBursts } from './scanner-burst';

/** Any screen but a fresh start screen goes back to it after this long without a touch (issue #13). */
export const IDLE_RETURN_SECONDS = 20;

/** Random id (crypto.randomUUID needs a secure context; a kiosk on http://hub:8080 is not one). */
function newRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `kiosk-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Calls `onIdle` after IDLE_RETURN_SECONDS without a touch or key while `active`. */
function useIdleReturn(active: boolean, onIdle: () => void): void {
  useEffect(() => {
    if (!active) return;
    let timer = setTimeout(onIdle, IDLE_RETURN_SECONDS * 1000);
    const restart = () => {
      clearTimeout(timer);
      timer = setTimeout(onIdle, IDLE_RETURN_SECONDS * 1000);
    };
    window.addEventListener('pointerdown', restart);
    window.addEventListener('keydown', restart);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('pointerdown', restart);
      window.removeEventListener('keydown', restart);
    };
  }, [active, onIdle]);
}

/** The heading of a screen that just replaced another takes the focus, so a screen reader says where the user is. */
function useFocusOnShow<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

function TicketResult({ ticket, group, onDone }: { ticket: IssuedTicket; group: PriorityGroup | null; onDone: () => void }) {
  const t = useT();
  const heading = useFocusOnShow<HTMLHeadingElement>();
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    void QRCode.toDataURL(ticket.qr, { margin: 1, scale: 6 }).then(setQr);
  }, [ticket]);
  return (
    <section className="kiosk kiosk-result" data-testid="kiosk-ticket">
      <h1 ref={heading} tabIndex={-1}>
        {t('kiosk.yourNumber')}
      </h1>
      <div className="kiosk-number" data-testid="kiosk-number">
        {ticket.number}
      </div>
      <div className="kiosk-service">{ticket.serviceName}</div>
      {group && (
        <p className="kiosk-priority-badge" data-testid="kiosk-ticket-priority">
          {t('queue.priority')}: {group.name}
        </p>
      )}
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
      {qr && <img className="kiosk-qr" src={qr} alt={`${t('kiosk.qrAlt')} ${ticket.number}`} />}
      {ticket.print.status === 'failed' && (
        <p className="notice notice-error" role="alert" data-testid="kiosk-print-failed">
          {t('kiosk.printFailed')}
        </p>
      )}
      <p className="kiosk-return">{t('kiosk.returnHint')}</p>
      <button type="button" className="kiosk-done" onClick={onDone}>
        {t('kiosk.done')}
      </button>
    </section>
  );
}

/** Asked after the service: a citizen who taps a tile first is still offered priority (issue #13). */
function PriorityStep({
  service,
  groups,
  onChoose,
  onBack,
}: {
  service: Service;
  groups: PriorityGroup[];
  onChoose: (group: PriorityGroup | null) => void;
  onBack: () => void;
}) {
  const t = useT();
  const heading = useFocusOnShow<HTMLHeadingElement>();
  return (
    <section className="kiosk kiosk-step" data-testid="kiosk-priority">
      <header className="kiosk-head">
        <p className="kiosk-chosen">
          {t('kiosk.chosenService')}: <b>{service.name}</b>
        </p>
        <h1 ref={heading} tabIndex={-1}>
          {t('kiosk.priorityQuestion')}
        </h1>
      </header>
      <div className="kiosk-grid kiosk-priority-grid">
        <button type="button" className="kiosk-tile kiosk-tile-normal" onClick={() => onChoose(null)} data-testid="kiosk-priority-none">
          <span className="kiosk-name">{t('kiosk.priorityNone')}</span>
        </button>
        {groups.map((g) => (
          <button key={g.id} type="button" className="kiosk-tile kiosk-tile-priority" onClick={() => onChoose(g)} data-priority-id={g.id}>
            <span className="kiosk-name">{g.name}</span>
          </button>
        ))}
      </div>
      <button type="button" className="kiosk-back" onClick={onBack}>
        {t('kiosk.back')}
      </button>
    </section>
  );
}

export function KioskApp() {
  const rateCounter = /#\/kiosk\/danh-gia\?counter=([^&]+)/.exec(window.location.hash)?.[1];
  if (rateCounter) return <RatingPage counterId={decodeURIComponent(rateCounter)} />;
  return <TicketKiosk />;
}

function TicketKiosk() {
  const t = useT();
  const { config, error, load } = useHall();
  const agency = useSystem((s) => s.info?.agencyName);
  const [settings, setSettings] = useState<QueueSettings | null>(null);
  const [citizen, setCitizen] = useState<{ name: string; group: PriorityGroup | null } | null>(null);
  const [service, setService] = useState<Service | null>(null);
  const [issuing, setIssuing] = useState(false);
  const [ticket, setTicket] = useState<{ issued: IssuedTicket; group: PriorityGroup | null } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const open = useQueue((s) => s.state?.open ?? true);
  const loadQueue = useQueue((s) => s.load);
  const loadSettings = useCallback(() => bridge.call('queue.settings', {}).then(setSettings), []);

  useEffect(() => {
    void load();
    void loadQueue();
    void loadSettings().catch(() => undefined);
  }, [load, loadQueue, loadSettings]);
  useAutoRetry(!!error, load);
  useAutoRetry(!!config && !settings, loadSettings);

  const groups = settings?.priorityGroups.filter((g) => g.active) ?? [];

  const onScan = (text: string) => {
    // A wedge reader typing through the keyboard layout may drop or split Vietnamese tone marks:
    // such a read is refused rather than printing a wrong name on the ticket (issue #15).
    const checked = checkCccdRead(text, 'wedge');
    const read = checked.ok ? parseCccdQr(checked.text) : { ok: false as const, error: checked.error };
    if (!read.ok) {
      // The parser's words are for the officer's screen; a citizen gets a plain request to try again.
      console.warn('kiosk: unreadable card', read.error);
      setMessage(t('kiosk.badCard'));
      return;
    }
    setMessage(null);
    const age = ageOn(read.applicant.birthDate, new Date());
    const elderly = settings && age >= settings.elderlyAge ? (groups.find((g) => g.id === settings.elderlyGroupId) ?? null) : null;
    setCitizen({ name: read.applicant.fullName, group: elderly });
  };
  useScannerBursts(onScan);

  const reset = useCallback(() => {
    setTicket(null);
    setService(null);
    setCitizen(null);
    setMessage(null);
  }, []);
  useIdleReturn(!!(ticket || service || citizen || message), reset);

  async function take(chosen: Service, group: PriorityGroup | null) {
    if (issuing) return;
    setIssuing(true);
    setMessage(null);
    // One id per touch: if the answer is lost (hub restarting), the retry gets the same ticket, never a second one.
    const input = {
      serviceId: chosen.id,
      requestId: newRequestId(),
      ...(group ? { priorityGroup: group.id } : {}),
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
      setTicket({ issued, group });
    } catch (e) {
      console.warn('kiosk: ticket not issued', e);
      setService(null);
      setMessage(t('kiosk.issueFailed'));
    } finally {
      setIssuing(false);
    }
  }

  function chooseService(s: Service) {
    // A scanned elderly citizen's priority is known already; everyone else is asked.
    if (citizen?.group || groups.length === 0) void take(s, citizen?.group ?? null);
    else setService(s);
  }

  if (!config) {
    return (
      <section className="kiosk kiosk-wait" aria-live="polite">
        <p>{error ? t('kiosk.reconnecting') : t('app.loading')}</p>
      </section>
    );
  }
  if (ticket) return <TicketResult ticket={ticket.issued} group={ticket.group} onDone={reset} />;
  if (service) {
    return (
      <>
        <PriorityStep service={service} groups={groups} onChoose={(g) => void take(service, g)} onBack={() => setService(null)} />
        {issuing && (
          <p className="kiosk-issuing" role="status">
            {t('kiosk.issuing')}
          </p>
        )}
      </>
    );
  }

  const services = config.services.filter((s) => s.active);
  return (
    <section className="kiosk">
      <header className="kiosk-head">
        <div className="kiosk-agency">{agency}</div>
        <h1>{t('kiosk.welcome')}</h1>
        <p>{t('kiosk.subtitle')}</p>
        {citizen ? (
          <p className="kiosk-citizen" data-testid="kiosk-citizen">
            {t('kiosk.hello')} <b>{citizen.name}</b>
            {citizen.group && (
              <>
                {' '}
                — {t('queue.priority')}: <b>{citizen.group.name}</b>
              </>
            )}
          </p>
        ) : (
          <p className="kiosk-scan-hint">
            <QrIcon size="1.4em" /> {t('kiosk.scanHint')}
          </p>
        )}
      </header>
      {!open && settings && (
        <p className="notice notice-error" role="alert" data-testid="kiosk-closed">
          {t('kiosk.closedHours')} {settings.openingHours.open}–{settings.openingHours.close}
        </p>
      )}
      {message && (
        <p className="notice notice-error kiosk-message" role="alert" data-testid="kiosk-message">
          {message}
        </p>
      )}
      {services.length === 0 ? (
        <p className="kiosk-empty">{t('kiosk.noServices')}</p>
      ) : (
        <div className={`kiosk-grid kiosk-grid-${Math.min(services.length, 12)}`} data-testid="kiosk-services">
          {services.map((s) => (
            <button
              key={s.id}
              type="button"
              className="kiosk-tile"
              data-service-id={s.id}
              disabled={issuing}
              onClick={() => chooseService(s)}
            >
              <span className="kiosk-prefix" aria-hidden="true">
                {s.prefix}
              </span>
              <span className="kiosk-name">{s.name}</span>
            </button>
          ))}
        </div>
      )}
      {issuing && (
        <p className="kiosk-issuing" role="status">
          {t('kiosk.issuing')}
        </p>
      )}
    </section>
  );
}
