/** Messages between the main thread and the digitize worker. */
import type { BlankThresholds, PageAnalysis } from './page-analysis';
import type { AssembleOptions, PageSource, PdfMetadata, StagedPdf } from './pdf-assemble';
import type { SignOptions } from '../signing/pades';

export interface WorkerOps {
  assemble: { args: { pages: PageSource[]; meta: PdfMetadata; options?: AssembleOptions }; result: Uint8Array };
  /**
   * Assemble (and sign, in the same pass: the digest goes back to the main thread for the key) into a
   * staged file of the store, which the main thread then adopts.
   */
  assembleToStore: {
    args: { pages: PageSource[]; meta: PdfMetadata; sign?: SignOptions; options?: AssembleOptions; stagingDir: string };
    result: StagedPdf;
  };
  sign: { args: { pdf: Uint8Array; sign: SignOptions }; result: Uint8Array };
  analyze: { args: { image: Uint8Array; thresholds?: BlankThresholds }; result: PageAnalysis };
  ping: { args: Record<string, never>; result: 'pong' };
}
export type OpName = keyof WorkerOps;

export type ToWorker =
  | { type: 'call'; id: number; op: OpName; args: unknown }
  | { type: 'callback-result'; id: number; callId: number; ok: true; value: Uint8Array }
  | { type: 'callback-result'; id: number; callId: number; ok: false; message: string };

export type FromWorker =
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; message: string; code?: string }
  /** The worker needs the CMS for a digest (private key on the main thread). */
  | { type: 'callback'; id: number; callId: number; name: 'cms'; digest: Uint8Array };
