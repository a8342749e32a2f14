import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError, type Dossier } from '../../../../shared/contract';
import { defaultConfig } from '../../config';
import { tempDir } from '../../../../tests/support/temp-dir';
import { FormRenderWorker } from './render-client';
import type { FormContext } from './render';
import { loadFormSet } from './templates';

// Receipts used to be drawn on the main thread (issue #10: p95 368 ms of a hub's event loop per receipt).
describe('the form worker', () => {
  it('draws a form off the main thread, the same Vietnamese text as render.ts makes', async () => {
    const worker = new FormRenderWorker();
    try {
      const ctx: FormContext = {
        agency: defaultConfig().agency,
        place: 'TP. Hồ Chí Minh',
        madeAt: '2026-12-01T09:00:00+07:00',
        register: { from: '2026-12-01', to: '2026-12-01', dossiers: [] },
      };
      const pdf = await worker.render(loadFormSet(), '06', ctx);
      const file = path.join(tempDir(), 'so-theo-doi.pdf');
      fs.writeFileSync(file, pdf);
      expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
      expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).normalize('NFC')).toMatch(/SỔ THEO DÕI/i);
    } finally {
      await worker.close();
    }
  });

  it('answers a failure in the worker as a Vietnamese error, and keeps working after it', async () => {
    const worker = new FormRenderWorker();
    try {
      const set = loadFormSet();
      // A dossier as a hostile or corrupt caller might send it: no components list.
      const broken: Dossier = JSON.parse('{"code":"000.00.12.H56-261201-0001","components":null,"history":null,"applicant":{}}');
      await expect(
        worker.render(set, '01', { agency: defaultConfig().agency, place: '', madeAt: '2026-12-01T09:00:00+07:00', dossier: broken }),
      ).rejects.toSatisfy((e: unknown) => e instanceof AppError && /mẫu biểu/.test(e.message));
      const ok = await worker.render(set, '06', {
        agency: defaultConfig().agency,
        place: '',
        madeAt: '2026-12-01T09:00:00+07:00',
        register: { from: '2026-12-01', to: '2026-12-01', dossiers: [] },
      });
      expect(ok.byteLength).toBeGreaterThan(1000);
    } finally {
      await worker.close();
    }
  });
});
