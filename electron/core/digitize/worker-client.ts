/**
 * Main-thread side of the digitize worker: typed calls, one long-lived thread
 * (started lazily, restarted after a crash), callbacks for the private-key
 * operation. From source the worker is TypeScript loaded through tsx; in the
 * Electron bundle it is `digitize-worker.cjs` next to main.cjs.
 */
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../workers';
import { AppError } from '../../../shared/contract';
import { isPdfInputKind, PDF_INPUT_MESSAGES } from '../signing/pdf-input-errors';
import type { FromWorker, OpName, ToWorker, WorkerOps } from './worker-protocol';

export interface CallHooks {
  cms?: (digest: Uint8Array) => Promise<Uint8Array>;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  hooks: CallHooks;
  /** An error raised on the main thread during a callback wins over the worker's echo of it. */
  callbackError?: Error;
}

/** File-system failures of the worker (it writes assembled PDFs into the store): left for the storage guard to word. */
const STORAGE_CODES = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EROFS']);

/** A refusal of the worker in Vietnamese: its own message for each kind of unreadable PDF, the English only in details. */
function workerError(code: string | undefined, detail: string): Error {
  if (code && STORAGE_CODES.has(code)) return Object.assign(new Error(detail), { code });
  const message = isPdfInputKind(code)
    ? PDF_INPUT_MESSAGES[code]
    : 'Không xử lý được tài liệu: tệp PDF hoặc ảnh bị hỏng hoặc không được hỗ trợ.';
  return new AppError(code === 'pdf_no_room' ? 'conflict' : 'invalid_input', message, [detail]);
}

function spawn(): Worker {
  return spawnWorker(import.meta.url, './worker.ts', 'digitize-worker');
}

export class DigitizeWorker {
  private worker?: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = spawn();
    worker.on('message', (m: FromWorker) => this.onMessage(worker, m));
    const fail = (error: Error) => {
      for (const p of this.pending.values())
        p.reject(new AppError('internal', 'Tiến trình xử lý tài liệu bị lỗi; hãy thử lại.', [error.message]));
      this.pending.clear();
      if (this.worker === worker) this.worker = undefined;
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`worker exited ${code}`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private onMessage(worker: Worker, m: FromWorker): void {
    const pending = this.pending.get(m.id);
    if (!pending) return;
    if (m.type === 'callback') {
      const hook = pending.hooks.cms;
      const reply = (msg: ToWorker) => worker.postMessage(msg);
      if (!hook) {
        reply({ type: 'callback-result', id: m.id, callId: m.callId, ok: false, message: 'no signer' });
        return;
      }
      hook(m.digest).then(
        (value) => reply({ type: 'callback-result', id: m.id, callId: m.callId, ok: true, value }),
        (error: unknown) => {
          pending.callbackError = error instanceof Error ? error : new Error(String(error));
          reply({ type: 'callback-result', id: m.id, callId: m.callId, ok: false, message: pending.callbackError.message });
        },
      );
      return;
    }
    this.pending.delete(m.id);
    if (m.ok) pending.resolve(m.value);
    else pending.reject(pending.callbackError ?? workerError(m.code, m.message));
  }

  call<K extends OpName>(
    op: K,
    args: WorkerOps[K]['args'],
    hooks: CallHooks = {},
    transfer: ArrayBuffer[] = [],
  ): Promise<WorkerOps[K]['result']> {
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, hooks });
      worker.ref();
      const message: ToWorker = { type: 'call', id, op, args };
      worker.postMessage(message, transfer);
    }).finally(() => {
      if (this.pending.size === 0) this.worker?.unref();
    }) as Promise<WorkerOps[K]['result']>;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }
}
