/**
 * The digitized copy is written by the worker straight into the file store
 * (issue 14, signing speed): one SHA-256 pass serves the signature and the
 * file's name, the signature dictionary is written last, one fsync, adopted
 * by the main thread. What must hold: the name is the hash of the bytes,
 * pdfsig and mutool accept the signature, nothing is left in the staging
 * directory on success or failure, and a full disk is reported as a full disk.
 * Repro: the fast writer put the first object on the header's binary comment
 * line; pdf-lib (which parses from the top) then lost it — the signature
 * dictionary of every signed digitized copy.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/app';
import { demoKey } from '../../electron/core/signing/signing-service';
import type { Page } from '../../shared/contract';
import { testCore } from '../support/core';
import { mutoolVerdicts, pdfsigVerdicts } from '../support/pdf-peers';
import { tempDir } from '../support/temp-dir';
import { fillDisk, mountTmpfs } from '../support/tmpfs';

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function pagesIn(core: Core, count: number, noisy = false): Promise<Page[]> {
  const pages: Page[] = [];
  for (let i = 0; i < count; i++) {
    const jpeg = await sharp({
      create: {
        width: 400,
        height: 560,
        channels: 3,
        background: '#f5f1e6',
        ...(noisy ? { noise: { type: 'gaussian' as const, mean: 200, sigma: 40 } } : {}),
      },
    })
      .jpeg({ quality: 90 })
      .toBuffer();
    const { sha256 } = core.files.put(jpeg);
    pages.push({
      id: `p${i}`,
      sha256,
      kind: 'jpeg',
      widthPx: 400,
      heightPx: 560,
      dpi: 100,
      rotation: i === 1 ? 90 : 0,
      blank: false,
      coveragePercent: 100,
    });
  }
  return pages;
}

function stagingEntries(core: Core): string[] {
  return fs.readdirSync(core.files.stagingDir);
}

describe('digitized copy written by the worker into the store', () => {
  it('signed: named by its SHA-256, valid for pdfsig and mutool, its signature dictionary readable by pdf-lib', async () => {
    const core = testCore({ seedDemo: false });
    cleanup.push(() => core.close());
    const sessionId = core.signing.openSession(demoKey());
    const batch = core.digitize.createBatch('Lô', await pagesIn(core, 3));
    const built = await core.digitize.build({ batchId: batch.id, title: 'Bản số hóa', sign: { sessionId, copyType: 'so-hoa' } });
    const bytes = core.files.get(built.sha256);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(built.sha256);
    expect(built.size).toBe(bytes.length);
    expect(stagingEntries(core)).toEqual([]);
    const out = path.join(tempDir(), 'signed.pdf');
    fs.writeFileSync(out, bytes);
    expect(pdfsigVerdicts(out)).toEqual(['valid']);
    expect(mutoolVerdicts(out).ok).toEqual([true]);

    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(3);
    const widgetRef = doc.getPage(0).node.Annots()?.get(0);
    expect(widgetRef).toBeInstanceOf(PDFRef);
    const widget = doc.context.lookup(widgetRef, PDFDict);
    const signature = doc.context.lookup(widget.get(PDFName.of('V')));
    expect(signature).toBeInstanceOf(PDFDict);
    expect((signature as PDFDict).get(PDFName.of('Type'))).toBe(PDFName.of('Sig'));
  });

  it('unsigned: named by its SHA-256 and readable by pdf-lib', async () => {
    const core = testCore({ seedDemo: false });
    cleanup.push(() => core.close());
    const batch = core.digitize.createBatch('Lô', await pagesIn(core, 2));
    const built = await core.digitize.build({ batchId: batch.id, title: 'Không ký' });
    const bytes = core.files.get(built.sha256);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(built.sha256);
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(2);
    expect(stagingEntries(core)).toEqual([]);
  });

  it('a signer that fails mid-way leaves nothing staged and nothing stored', async () => {
    const core = testCore({ seedDemo: false });
    cleanup.push(() => core.close());
    const key = demoKey();
    const sessionId = core.signing.openSession({ ...key, sign: async () => Promise.reject(new Error('token removed')) });
    const batch = core.digitize.createBatch('Lô', await pagesIn(core, 2));
    const before = fs.readdirSync(core.files.root).length;
    await expect(core.digitize.build({ batchId: batch.id, title: 'Lỗi', sign: { sessionId, copyType: 'so-hoa' } })).rejects.toThrow(
      /token removed/,
    );
    expect(stagingEntries(core)).toEqual([]);
    expect(fs.readdirSync(core.files.root).length).toBe(before);
    expect(core.digitize.batch(batch.id).output).toBeUndefined();
  });

  it('a full disk while the worker writes is reported as a full disk, leaves nothing staged, and the next build works once space is freed', async () => {
    const disk = mountTmpfs(16);
    cleanup.push(disk.unmount);
    const core = testCore({ seedDemo: false, dataDir: disk.dir });
    cleanup.push(() => core.close());
    const sessionId = core.signing.openSession(demoKey());
    const batch = core.digitize.createBatch('Lô', await pagesIn(core, 4, true));
    const filler = path.join(disk.dir, 'filler');
    fillDisk(filler);
    const ctx = { caller: { role: 'officer' as const } };
    const failed = await core.router.call(
      'digitize.build',
      { batchId: batch.id, title: 'Đầy đĩa', sign: { sessionId, copyType: 'so-hoa' } },
      ctx,
    );
    expect(failed.ok).toBe(false);
    if (failed.ok) return;
    expect(failed.error.code).toBe('disk_full');
    expect(failed.error.message).toMatch(/Hết dung lượng đĩa/);
    expect(stagingEntries(core)).toEqual([]);
    fs.rmSync(filler);
    const built = await core.router.call(
      'digitize.build',
      { batchId: batch.id, title: 'Sau khi dọn', sign: { sessionId, copyType: 'so-hoa' } },
      ctx,
    );
    expect(built.ok).toBe(true);
  });
});
