/**
 * Generates the demo scanner's sample pages (resources/digitize/samples):
 * A4 at 200 dpi, colour JPEG, Vietnamese text drawn with the bundled font.
 * Run once with `npx tsx tools/make-demo-pages.ts`; the output is committed.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp, { type OverlayOptions } from 'sharp';

const OUT = path.resolve('resources/digitize/samples');
const FONT = path.resolve('resources/fonts/NotoSans-Regular.ttf');
const W = 1654;
const H = 2339;

const PAGES = [
  [
    'TỜ KHAI ĐĂNG KÝ KHAI SINH',
    'Mẫu trang 1/3 — tài liệu mô phỏng (DEMO)',
    'Họ, chữ, đệm, tên: NGUYỄN VĂN AN',
    'Ngày, tháng, năm sinh: 01/02/2026',
    'Nơi sinh: Trạm y tế phường Tân Định',
  ],
  ['GIẤY CHỨNG SINH', 'Mẫu trang 2/3 — tài liệu mô phỏng (DEMO)', 'Họ tên mẹ: TRẦN THỊ BÌNH', 'Đơn vị cấp: Bệnh viện Từ Dũ'],
  [],
];

fs.mkdirSync(OUT, { recursive: true });
for (const [i, lines] of PAGES.entries()) {
  const layers: OverlayOptions[] = [];
  if (lines.length) {
    const text = await sharp({
      text: { text: lines.join('\n'), font: 'Noto Sans 14', fontfile: FONT, width: W - 300, dpi: 200, spacing: 30 },
    })
      .png()
      .toBuffer();
    layers.push({ input: text, top: 250, left: 150 });
  }
  const file = path.join(OUT, `page-${i + 1}.jpg`);
  await sharp({ create: { width: W, height: H, channels: 3, background: '#fbf8f1' } })
    .composite(layers)
    .withMetadata({ density: 200 })
    .jpeg({ quality: 60 })
    .toFile(file);
  console.log(file, fs.statSync(file).size);
}
