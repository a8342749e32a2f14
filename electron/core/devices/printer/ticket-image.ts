/**
 * Draws a queue ticket with the bundled Noto Sans (every Vietnamese glyph) and
 * turns it into ESC/POS: the Vietnamese part as a raster image, the QR with
 * the printer's own QR command, the number again as ASCII text, then a cut.
 */
import QRCode from 'qrcode';
import sharp from 'sharp';
import { vnDateTimeText } from '../../../../shared/vn-time';
import { resourcePath } from '../../resources';
import { align, concat, cut, feedLines, initialize, qrCode, rasterImage, textLine, textSize, toMono, type MonoImage } from './escpos';

export interface TicketPrintJob {
  ticketId: string;
  number: string;
  serviceName: string;
  agencyName: string;
  issuedAt: string;
  priorityName: string | null;
  waitingAhead: number;
  estimatedWaitMinutes: number;
  /** Text of the QR code: identifies the ticket. */
  qr: string;
}

/** 80 mm paper at 203 dpi prints 576 dots a line; 58 mm paper 384. */
export const PAPER_DOTS = 576;

function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Pango markup of the ticket's Vietnamese part. */
export function ticketMarkup(job: TicketPrintJob): string {
  const lines = [
    `<b>${escapeMarkup(job.agencyName.toUpperCase())}</b>`,
    '',
    '<b>PHIẾU SỐ THỨ TỰ</b>',
    `<span size="420%"><b>${escapeMarkup(job.number)}</b></span>`,
    `<span size="130%">${escapeMarkup(job.serviceName)}</span>`,
  ];
  if (job.priorityName) lines.push(`<b>Ưu tiên: ${escapeMarkup(job.priorityName)}</b>`);
  lines.push(
    '',
    `Thời gian lấy số: ${vnDateTimeText(job.issuedAt)}`,
    `Số người đang chờ trước bạn: ${job.waitingAhead}`,
    `Thời gian chờ dự kiến: khoảng ${job.estimatedWaitMinutes} phút`,
    '<span size="small">Vui lòng chú ý màn hình và loa gọi số.</span>',
  );
  return lines.join('\n');
}

/** The Vietnamese part as a 1-bit image the width of the paper, text centred. */
export async function renderTicketImage(job: TicketPrintJob, paperDots = PAPER_DOTS): Promise<MonoImage> {
  const margin = 16;
  const { data, info } = await sharp({
    text: {
      text: ticketMarkup(job),
      font: 'Noto Sans 10',
      fontfile: resourcePath('fonts', 'NotoSans-Regular.ttf'),
      width: paperDots - 2 * margin,
      dpi: 203,
      align: 'centre',
      wrap: 'word',
    },
  })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  // sharp draws text white on black; centre it on the paper's full width.
  const width = paperDots;
  const left = Math.max(0, Math.floor((width - info.width) / 2));
  const grey = new Uint8Array(width * info.height);
  const channels = info.channels;
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < Math.min(info.width, width - left); x++) grey[y * width + left + x] = data[(y * info.width + x) * channels] ?? 0;
  }
  return toMono(grey, width, info.height, true);
}

/** Every byte sent to the printer for one ticket. */
export function encodeTicket(job: TicketPrintJob, image: MonoImage): Uint8Array {
  return concat([
    initialize(),
    align('center'),
    rasterImage(image),
    feedLines(1),
    qrCode(job.qr, 6, 'M'),
    textSize(2, 2),
    textLine(job.number),
    textSize(1, 1),
    textLine(vnDateTimeText(job.issuedAt)),
    feedLines(3),
    cut(),
  ]);
}

/** A 1-bit image as a black-on-white PNG (what the paper would show). */
export async function monoToPng(image: MonoImage): Promise<Buffer> {
  const widthBytes = Math.ceil(image.width / 8);
  const grey = Buffer.alloc(image.width * image.height, 255);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if ((image.bits[y * widthBytes + (x >> 3)]! & (0x80 >> (x & 7))) !== 0) grey[y * image.width + x] = 0;
    }
  }
  return sharp(grey, { raw: { width: image.width, height: image.height, channels: 1 } })
    .png()
    .toBuffer();
}

/** The demo printer's picture of a ticket: the raster part, then the QR and the number as the printer would draw them. */
export async function ticketPreviewPng(job: TicketPrintJob, image: MonoImage): Promise<Buffer> {
  const top = await monoToPng(image);
  const qr = await QRCode.toBuffer(job.qr, { errorCorrectionLevel: 'M', margin: 1, scale: 6 });
  const qrMeta = await sharp(qr).metadata();
  const number = await sharp({
    text: {
      text: `<b>${escapeMarkup(job.number)}</b>`,
      font: 'Noto Sans 16',
      fontfile: resourcePath('fonts', 'NotoSans-Regular.ttf'),
      dpi: 203,
    },
  })
    .negate()
    .greyscale()
    .png()
    .toBuffer();
  const numberMeta = await sharp(number).metadata();
  const qrHeight = qrMeta.height ?? 0;
  const numberHeight = numberMeta.height ?? 0;
  const height = image.height + 16 + qrHeight + 8 + numberHeight + 24;
  return sharp({ create: { width: image.width, height, channels: 3, background: '#ffffff' } })
    .composite([
      { input: top, top: 0, left: 0 },
      { input: qr, top: image.height + 16, left: Math.max(0, Math.floor((image.width - (qrMeta.width ?? 0)) / 2)) },
      { input: number, top: image.height + 24 + qrHeight, left: Math.max(0, Math.floor((image.width - (numberMeta.width ?? 0)) / 2)) },
    ])
    .greyscale()
    .png()
    .toBuffer();
}
