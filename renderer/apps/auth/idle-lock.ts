import { useEffect } from 'react';

/** The counter screen locks itself (the session ends) after this long without a key press or touch. */
export const IDLE_LOCK_MINUTES = 10;
const EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/** Calls `onIdle` once after `minutes` without input; any input restarts the clock. */
export function useIdleLock(enabled: boolean, onIdle: () => void, minutes = IDLE_LOCK_MINUTES): void {
  useEffect(() => {
    if (!enabled) return undefined;
    let timer = window.setTimeout(onIdle, minutes * 60_000);
    const reset = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(onIdle, minutes * 60_000);
    };
    for (const name of EVENTS) window.addEventListener(name, reset, { passive: true });
    return () => {
      window.clearTimeout(timer);
      for (const name of EVENTS) window.removeEventListener(name, reset);
    };
  }, [enabled, onIdle, minutes]);
}
