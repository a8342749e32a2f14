/**
 * Main-thread side of the form worker (the pattern of digitize/worker-client.ts):
 * one long-lived thread started lazily and restarted after a crash. From source
 * the worker is TypeScript loaded through tsx; in the Electron bundle it is
 * `forms-worker.cjs` next to main.cjs.
 */
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../../workers';
import { AppError } from '../../../../shared/contract';
import type { FormContext, FormId } from './render';
import type { FromFormWorker, ToFormWorker } from './render-worker';
import type { FormSet } from './templates';

function spawn(): Worker {
  return spawnWorker(import.meta.url, './render-worker.ts', 'forms-worker');
}

export class FormRenderWorker {
  private worker?: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (pdf: Uint8Array) => void; reject: (error: Error) => void }>();

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = spawn();
    worker.on('message', (m: FromFormWorker) => {
      const pending = this.pending.get(m.id);
      if (!pending) return;
      this.pending.delete(m.id);
      if (m.ok) pending.resolve(m.pdf);
      else pending.reject(new AppError('internal', 'Không lập được mẫu biểu; hãy thử lại.', [m.message]));
      if (this.pending.size === 0) worker.unref();
    });
    const fail = (error: Error) => {
      for (const p of this.pending.values())
        p.reject(new AppError('internal', 'Tiến trình lập mẫu biểu bị lỗi; hãy thử lại.', [error.message]));
      this.pending.clear();
      if (this.worker === worker) this.worker = undefined;
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`forms worker exited ${code}`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /** Starts the thread now (a service start), so the first receipt does not wait for it to load. */
  warm(): void {
    this.ensure();
  }

  render(set: FormSet, form: FormId, ctx: FormContext): Promise<Uint8Array> {
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise<Uint8Array>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, set, form, ctx } satisfies ToFormWorker);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }
}
