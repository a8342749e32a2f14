import { useCallback, useState } from 'react';

/**
 * A button's asynchronous work: `busy` while it runs (to disable the button),
 * and the Vietnamese message of the error it ended with, for the form to show.
 */
export function useAction(): {
  busy: boolean;
  error: string | null;
  run: (work: () => Promise<void>, onError?: () => void) => Promise<void>;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (work: () => Promise<void>, onError?: () => void) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError((e as Error).message);
      onError?.();
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run };
}
