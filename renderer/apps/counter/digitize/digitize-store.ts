import { create } from 'zustand';
import type { Batch, MethodOutput } from '../../../../shared/contract';
import { bridge } from '../../../bridge';

type Session = MethodOutput<'signing.openSession'>;
export type Built = MethodOutput<'digitize.build'> & { title: string };

interface DigitizeState {
  batch?: Batch;
  scanJob?: string;
  scanned: number;
  scanMessage?: string;
  /** The signing session of this screen. Only its id and certificate: the PIN is never stored. */
  session?: Session;
  built: Built[];
  signProgress?: { done: number; total: number };
  error?: string;
  setBatch(batch: Batch): void;
  fail(error: unknown): void;
  clearError(): void;
}

export const useDigitize = create<DigitizeState>((set) => ({
  scanned: 0,
  built: [],
  setBatch: (batch) => set({ batch }),
  fail: (error) => set({ error: error instanceof Error ? error.message : String(error) }),
  clearError: () => set({ error: undefined }),
}));

let wired = false;
/** Subscribes once to the back end's digitize and signing events. */
export function wireDigitizeEvents(): void {
  if (wired) return;
  wired = true;
  bridge.on('digitize.batchChanged', (batch) => {
    if (useDigitize.getState().batch?.id === batch.id) useDigitize.setState({ batch });
  });
  bridge.on('digitize.progress', (p) => {
    const s = useDigitize.getState();
    if (s.scanJob !== p.jobId) return;
    useDigitize.setState({ scanned: p.pages, scanMessage: p.message, ...(p.state === 'scanning' ? {} : { scanJob: undefined }) });
  });
  bridge.on('signing.progress', (p) => {
    if (useDigitize.getState().session?.sessionId === p.sessionId) useDigitize.setState({ signProgress: { done: p.done, total: p.total } });
  });
}

const thumbs = new Map<string, string>();
export async function dataUrl(sha256: string, type: string): Promise<string> {
  const cached = thumbs.get(sha256);
  if (cached) return cached;
  const file = await bridge.call('files.get', { sha256 });
  const url = `data:${type};base64,${file.base64}`;
  thumbs.set(sha256, url);
  return url;
}

export function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new Error('Không đọc được tệp.'));
    reader.readAsDataURL(file);
  });
}
