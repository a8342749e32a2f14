/**
 * The digitize worker thread: PDF assembly, page analysis and the byte work of
 * signing, so the main thread (UI, queue) never stalls on them.
 */
import { parentPort } from 'node:worker_threads';
import { analyzePage } from './page-analysis';
import { assemblePdf, assembleToStore } from './pdf-assemble';
import { signPdf } from '../signing/pades';
import type { FromWorker, OpName, ToWorker, WorkerOps } from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('worker.ts must run as a worker thread');

let nextCallId = 1;
const pendingCallbacks = new Map<number, { resolve: (v: Uint8Array) => void; reject: (e: Error) => void }>();

function post(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}

function cmsVia(id: number) {
  return (digest: Uint8Array) =>
    new Promise<Uint8Array>((resolve, reject) => {
      const callId = nextCallId++;
      pendingCallbacks.set(callId, { resolve, reject });
      post({ type: 'callback', id, callId, name: 'cms', digest });
    });
}

type Impl = { [K in OpName]: (args: WorkerOps[K]['args'], id: number) => Promise<WorkerOps[K]['result']> };
const ops: Impl = {
  assemble: ({ pages, meta, options }) => assemblePdf(pages, meta, options),
  assembleToStore: (args, id) => assembleToStore(args, cmsVia(id)),
  sign: ({ pdf, sign }, id) => signPdf(pdf, sign, cmsVia(id)),
  analyze: ({ image, thresholds }) => analyzePage(image, thresholds),
  ping: async () => 'pong',
};

function transferables(value: unknown): ArrayBuffer[] {
  if (value instanceof Uint8Array && value.byteOffset === 0 && value.byteLength === value.buffer.byteLength)
    return [value.buffer as ArrayBuffer];
  return [];
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'callback-result') {
    const pending = pendingCallbacks.get(message.callId);
    pendingCallbacks.delete(message.callId);
    if (message.ok) pending?.resolve(message.value);
    else pending?.reject(new Error(message.message));
    return;
  }
  const run = ops[message.op] as (args: unknown, id: number) => Promise<unknown>;
  run(message.args, message.id).then(
    (value) => post({ type: 'result', id: message.id, ok: true, value }, transferables(value)),
    (error: unknown) =>
      post({
        type: 'result',
        id: message.id,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
        code: (error as { code?: string }).code,
      }),
  );
});
