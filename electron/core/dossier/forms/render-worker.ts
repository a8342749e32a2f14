/**
 * The form-rendering worker thread: a receipt or any official form (pdf-lib,
 * fonts, QR) is built here, so a counter's receipts never stall the main
 * thread that serves the hall's queue and replication. Layout is render.ts's.
 */
import { parentPort } from 'node:worker_threads';
import { renderForm, type FormContext, type FormId } from './render';
import type { FormSet } from './templates';

export type ToFormWorker = { id: number; set: FormSet; form: FormId; ctx: FormContext };
export type FromFormWorker = { id: number; ok: true; pdf: Uint8Array } | { id: number; ok: false; message: string };

const port = parentPort;
if (!port) throw new Error('render-worker.ts must run as a worker thread');

port.on('message', (m: ToFormWorker) => {
  renderForm(m.set, m.form, m.ctx).then(
    (pdf) =>
      port.postMessage(
        { id: m.id, ok: true, pdf } satisfies FromFormWorker,
        pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength ? [pdf.buffer as ArrayBuffer] : [],
      ),
    (error: unknown) =>
      port.postMessage({ id: m.id, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies FromFormWorker),
  );
});
