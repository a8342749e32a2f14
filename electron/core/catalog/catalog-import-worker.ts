/**
 * Worker thread entry: parses one uploaded catalog file off the hub's main thread. Input via workerData,
 * one message back: `{ ok: true, parsed }`, `{ ok: false, refused }` (a cap, in Vietnamese) or
 * `{ ok: false, error }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CatalogCapError, parseCatalog } from './catalog-import';

const { format, bytes } = workerData as { format: 'json' | 'csv' | 'xlsx'; bytes: Uint8Array };
parseCatalog(format, bytes).then(
  (parsed) => parentPort?.postMessage({ ok: true, parsed }),
  (error: unknown) =>
    parentPort?.postMessage(
      error instanceof CatalogCapError
        ? { ok: false, refused: error.message }
        : { ok: false, error: error instanceof Error ? error.message : String(error) },
    ),
);
