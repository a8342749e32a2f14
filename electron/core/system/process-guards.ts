import { storageTrouble } from './storage-errors';

/**
 * Last line behind the per-call storage guard: a background writer (queue
 * clock, printer watch, sync timer) that meets a full disk must not end the
 * hub. Storage failures are logged and the process keeps serving; any other
 * stray error still ends it, as Node would, because the state is unknown.
 */
export function installProcessGuards(log: (message: string, error: unknown) => void = (m, e) => console.error(m, e)): void {
  const handle = (kind: string) => (error: unknown) => {
    if (storageTrouble(error)) {
      log(`[storage] ${kind} while the disk is full or failing; still serving`, error);
      return;
    }
    log(`[fatal] ${kind}`, error);
    process.exit(1);
  };
  process.on('unhandledRejection', handle('unhandled rejection'));
  process.on('uncaughtException', handle('uncaught exception'));
}
