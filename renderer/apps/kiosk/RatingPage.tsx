import { useEffect, useState } from 'react';
import { bridge } from '../../bridge';
import { useT } from '../../i18n';

/**
 * The counter-facing tablet (`#/kiosk/danh-gia?counter=<id>`): when the officer
 * finishes a ticket, the citizen rates the service with one touch.
 */
export function RatingPage({ counterId }: { counterId: string }) {
  const t = useT();
  const [pending, setPending] = useState<{ ticketId: string; number: string } | null>(null);
  const [thanks, setThanks] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(
    () =>
      bridge.on('queue.finished', (finished) => {
        if (finished.counterId !== counterId) return;
        setThanks(false);
        setError(null);
        setPending({ ticketId: finished.ticketId, number: finished.number });
      }),
    [counterId],
  );

  useEffect(() => {
    if (!thanks) return;
    const timer = setTimeout(() => setThanks(false), 5000);
    return () => clearTimeout(timer);
  }, [thanks]);

  async function rate(rating: 1 | 2 | 3) {
    if (!pending) return;
    try {
      await bridge.call('queue.rate', { ticketId: pending.ticketId, rating });
      setPending(null);
      setThanks(true);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <section className="kiosk kiosk-rating" data-testid="rating-page">
      {pending ? (
        <>
          <h1>{t('kiosk.rateTitle')}</h1>
          <p className="muted">{pending.number}</p>
          <div className="rating-buttons">
            <button type="button" className="rating-1" onClick={() => void rate(1)}>
              ☹ {t('kiosk.rate1')}
            </button>
            <button type="button" className="rating-2" onClick={() => void rate(2)}>
              🙂 {t('kiosk.rate2')}
            </button>
            <button type="button" className="rating-3" onClick={() => void rate(3)}>
              😀 {t('kiosk.rate3')}
            </button>
          </div>
        </>
      ) : (
        <h1>{thanks ? t('kiosk.rateThanks') : t('kiosk.rateWaiting')}</h1>
      )}
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
