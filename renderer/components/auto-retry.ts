import { useEffect, useRef } from 'react';

/** Waits between retries: quick at first, never longer than 8 s, so a screen is back within 10 s of its hub. */
export const RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000] as const;

export function retryDelay(attempt: number): number {
  return RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)] ?? 8000;
}

/**
 * A public screen (hall TV, kiosk) has nobody to press "Thử lại": while `failed` holds, it calls `retry`
 * again and again with a growing delay. It stops as soon as `failed` turns false or the screen goes away.
 */
export function useAutoRetry(failed: boolean, retry: () => Promise<unknown>): void {
  const latest = useRef(retry);
  latest.current = retry;
  useEffect(() => {
    if (!failed) return;
    let stopped = false;
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      timer = setTimeout(() => {
        void latest
          .current()
          .catch(() => undefined)
          .finally(() => {
            attempt += 1;
            if (!stopped) schedule();
          });
      }, retryDelay(attempt));
    };
    schedule();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [failed]);
}
