import { useEffect, useRef } from 'react';

/** A wedge scanner types a character every few ms; a person needs well over this between two keys. */
export const BURST_GAP_MS = 60;
/** The shortest text worth reading as a scan: a CCCD QR is far longer, stray key presses far shorter. */
export const MIN_SCAN_LENGTH = 20;

interface Burst {
  text: string;
  last: number;
}

/** One printable character (a Vietnamese letter may arrive as one code point or as a letter and its mark). */
function printable(key: string): boolean {
  return /^\P{M}\p{M}?$/u.test(key);
}

/**
 * Reads a keyboard-wedge scanner without holding the focus: it listens at the document level and takes
 * a fast burst of characters ending in Enter as one scan. Keyboard, switch and screen-reader users keep
 * the focus where they put it (issue #17: a hidden input used to pull it back within 100 ms).
 * Once a burst is under way its keys are swallowed, so a scanned space or Enter never presses the
 * button that happens to have the focus.
 */
export function useScannerBursts(onScan: (text: string) => void): void {
  const burst = useRef<Burst>({ text: '', last: 0 });
  const latest = useRef(onScan);
  latest.current = onScan;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.altKey || event.metaKey) return;
      const now = event.timeStamp;
      const b = burst.current;
      const inBurst = b.text.length > 0 && now - b.last <= BURST_GAP_MS;
      if (event.key === 'Enter') {
        const text = b.text;
        burst.current = { text: '', last: 0 };
        if (inBurst && text.length >= MIN_SCAN_LENGTH) {
          event.preventDefault();
          event.stopPropagation();
          latest.current(text);
        }
        return;
      }
      if (!printable(event.key)) return;
      if (inBurst) {
        event.preventDefault();
        burst.current = { text: b.text + event.key, last: now };
      } else {
        burst.current = { text: event.key, last: now };
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}
