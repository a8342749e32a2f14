import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../workers';
import { AppError, type ImportReport, type Procedure } from '../../../shared/contract';

/** Beyond this the parse is an attack or a mistake: the worker is stopped and the import refused. */
const IMPORT_TIME_LIMIT_MS = 60_000;
/** The worker's own heap ceiling: a hostile file ends the worker, never the hub. */
const WORKER_HEAP_MB = 512;

function spawn(format: string, bytes: Uint8Array): Worker {
  const options = { workerData: { format, bytes }, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } };
  return spawnWorker(import.meta.url, './catalog-import-worker.ts', 'catalog-import-worker', options);
}

type Outcome =
  { ok: true; parsed: { procedures: Procedure[]; errors: ImportReport['errors'] } } | { ok: false; refused?: string; error?: string };

/** Parses a catalog file in a worker thread with a time and memory limit; the hub's event loop never waits on it. */
export function parseCatalogOffThread(
  format: 'json' | 'csv' | 'xlsx',
  bytes: Uint8Array,
): Promise<{ procedures: Procedure[]; errors: ImportReport['errors'] }> {
  return new Promise((resolve, reject) => {
    const worker = spawn(format, bytes);
    const fail = (message: string, detail?: string) => {
      clearTimeout(timer);
      void worker.terminate();
      reject(new AppError('invalid_input', message, detail ? [detail] : undefined));
    };
    const timer = setTimeout(() => fail('Đọc tệp danh mục quá lâu: tệp quá lớn hoặc không đúng định dạng.'), IMPORT_TIME_LIMIT_MS);
    worker.once('message', (outcome: Outcome) => {
      clearTimeout(timer);
      void worker.terminate();
      if (outcome.ok) resolve(outcome.parsed);
      else if (outcome.refused) reject(new AppError('invalid_input', outcome.refused));
      else reject(new AppError('invalid_input', 'Không đọc được tệp danh mục.', outcome.error ? [outcome.error] : undefined));
    });
    worker.once('error', (error) => fail('Tệp danh mục quá lớn hoặc hỏng: không đọc được.', error.message));
  });
}
