import fs from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { describe, expect, it } from 'vitest';
import { resourcePath } from '../resources';
import { embedTaggedSubset, isTaggedSubsetName, subsetFontName, subsetTag } from './font-subset-tag';

describe('font subset tags (ISO 32000-1 §9.6.4)', () => {
  it('are six uppercase letters, stable for the same input, different per key', () => {
    const a = subsetTag('LiberationSerif', 'form-regular');
    expect(a).toMatch(/^[A-Z]{6}$/);
    expect(subsetTag('LiberationSerif', 'form-regular')).toBe(a);
    const keys = Array.from({ length: 50 }, (_, i) => subsetTag('LiberationSerif', `stamp-${i}`));
    expect(new Set(keys).size).toBe(50);
    expect(subsetFontName('LiberationSerif-Bold', 'k')).toMatch(/^[A-Z]{6}\+LiberationSerif-Bold$/);
    expect(isTaggedSubsetName('ABCDEF+X')).toBe(true);
    expect(isTaggedSubsetName('LiberationSerif-6186')).toBe(false);
  });

  it('name the embedded subset in BaseFont and FontDescriptor/FontName', async () => {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    const font = await embedTaggedSubset(
      doc,
      new Uint8Array(fs.readFileSync(resourcePath('fonts', 'LiberationSerif-Regular.ttf'))),
      'test',
    );
    doc.addPage().drawText('Việt Nam', { font, size: 12 });
    const text = Buffer.from(await doc.save({ useObjectStreams: false })).toString('latin1');
    const name = subsetFontName('LiberationSerif', 'test');
    expect(text).toContain(`/BaseFont /${name}`);
    expect(text).toContain(`/FontName /${name}`);
  });
});
