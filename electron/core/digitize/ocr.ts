/**
 * Vietnamese OCR with Debian's tesseract (tesseract-ocr-vie), offline, in a
 * child process (never on the main thread). Tesseract writes a text-only PDF
 * (`-c textonly_pdf=1`): invisible text placed where the words are, which the
 * worker lays over the scanned page so the copy becomes searchable.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { AppError } from '../../../shared/contract';

const run = promisify(execFile);

export async function ocrTextLayer(
  image: Uint8Array,
  dpi: number,
  options: { tesseract?: string; lang?: string } = {},
): Promise<Uint8Array> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-ocr-'));
  try {
    const input = path.join(dir, 'page.img');
    fs.writeFileSync(input, image);
    await run(
      options.tesseract ?? 'tesseract',
      [input, path.join(dir, 'out'), '-l', options.lang ?? 'vie', '--dpi', String(Math.round(dpi)), '-c', 'textonly_pdf=1', 'pdf'],
      { timeout: 120_000 },
    );
    return new Uint8Array(fs.readFileSync(path.join(dir, 'out.pdf')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new AppError('unavailable', 'Chưa cài Tesseract OCR (gói tesseract-ocr và tesseract-ocr-vie).');
    throw new AppError('internal', 'Nhận dạng chữ (OCR) không thành công cho một trang.', [(error as Error).message.slice(0, 300)]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `work` over items with at most `limit` at once (OCR uses whole cores). */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i] as T, i);
    }
  });
  await Promise.all(runners);
  return out;
}
