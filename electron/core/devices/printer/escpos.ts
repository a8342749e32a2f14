/**
 * ESC/POS encoding and real-time status decoding. Pure (bytes in, bytes out),
 * so it is tested table by table without a printer.
 *
 * Vietnamese never goes through the printer's code pages (they differ from
 * model to model and most lack Vietnamese): text with diacritics is drawn
 * into a raster image (GS v 0). Only ASCII goes as text.
 */

const ESC = 0x1b;
const GS = 0x1d;
const DLE = 0x10;
const EOT = 0x04;
const LF = 0x0a;

export function bytes(...parts: (number | Uint8Array | readonly number[])[]): Uint8Array {
  const flat: number[] = [];
  for (const part of parts) {
    if (typeof part === 'number') flat.push(part);
    else flat.push(...part);
  }
  return Uint8Array.from(flat);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** ESC @: reset the printer to its defaults. */
export const initialize = (): Uint8Array => bytes(ESC, 0x40);

/** ESC a n: 0 left, 1 centre, 2 right. */
export const align = (where: 'left' | 'center' | 'right'): Uint8Array =>
  bytes(ESC, 0x61, where === 'left' ? 0 : where === 'center' ? 1 : 2);

/** GS ! n: character width and height multipliers (1–8). */
export function textSize(width: number, height: number): Uint8Array {
  if (width < 1 || width > 8 || height < 1 || height > 8) throw new RangeError('text size is 1–8');
  return bytes(GS, 0x21, ((width - 1) << 4) | (height - 1));
}

/** ASCII text and a line feed. Anything else must be drawn as an image. */
export function textLine(text: string): Uint8Array {
  if (!/^[\x20-\x7e]*$/.test(text)) throw new RangeError('only printable ASCII goes as text; draw the rest as an image');
  return bytes(
    [...text].map((c) => c.charCodeAt(0)),
    LF,
  );
}

/** ESC d n: print and feed n lines. */
export const feedLines = (n: number): Uint8Array => bytes(ESC, 0x64, Math.max(0, Math.min(255, n)));

/** GS V 66 n: feed n dots then cut (partial cut where the cutter supports only that). */
export const cut = (feed = 3): Uint8Array => bytes(GS, 0x56, 0x42, feed);

/** A 1-bit image, rows top to bottom, 8 pixels per byte, most significant bit left, 1 = print a dot. */
export interface MonoImage {
  width: number;
  height: number;
  /** ceil(width / 8) * height bytes. */
  bits: Uint8Array;
}

/** GS v 0 m xL xH yL yH d…: print a raster bit image at normal density. Tall images go in bands of ≤ 2047 rows. */
export function rasterImage(image: MonoImage): Uint8Array {
  const widthBytes = Math.ceil(image.width / 8);
  if (image.bits.length !== widthBytes * image.height) throw new RangeError('bit data does not match the image size');
  const parts: Uint8Array[] = [];
  const BAND = 2047;
  for (let top = 0; top < image.height; top += BAND) {
    const rows = Math.min(BAND, image.height - top);
    parts.push(
      bytes(GS, 0x76, 0x30, 0, widthBytes & 0xff, widthBytes >> 8, rows & 0xff, rows >> 8),
      image.bits.subarray(top * widthBytes, (top + rows) * widthBytes),
    );
  }
  return concat(parts);
}

/**
 * Packs 8-bit grey pixels (one channel) into a MonoImage: a pixel prints when it
 * is at least `threshold` (`inkIsBright`, as sharp draws text white on black) or
 * below it (a normal dark-on-white picture).
 */
export function toMono(grey: Uint8Array, width: number, height: number, inkIsBright: boolean, threshold = 128): MonoImage {
  if (grey.length !== width * height) throw new RangeError('pixel data does not match the image size');
  const widthBytes = Math.ceil(width / 8);
  const bits = new Uint8Array(widthBytes * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = grey[y * width + x] ?? 0;
      const ink = inkIsBright ? v >= threshold : v < threshold;
      if (ink) bits[y * widthBytes + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return { width, height, bits };
}

/** The printer's native QR code (GS ( k, model 2): module size 1–16, error correction L/M/Q/H. */
export function qrCode(data: string, moduleSize = 6, ecc: 'L' | 'M' | 'Q' | 'H' = 'M'): Uint8Array {
  const payload = new TextEncoder().encode(data);
  const length = payload.length + 3;
  if (length > 7092) throw new RangeError('QR data too long');
  const eccByte = { L: 48, M: 49, Q: 50, H: 51 }[ecc];
  return bytes(
    [GS, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0], // fn 165: model 2
    [GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, Math.max(1, Math.min(16, moduleSize))], // fn 167: module size
    [GS, 0x28, 0x6b, 3, 0, 0x31, 0x45, eccByte], // fn 169: error correction
    [GS, 0x28, 0x6b, length & 0xff, length >> 8, 0x31, 0x50, 0x30], // fn 180: store
    payload,
    [GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30], // fn 181: print
  );
}

/** DLE EOT n: real-time status request (1 printer, 2 offline cause, 3 error cause, 4 paper sensor). */
export const statusRequest = (n: 1 | 2 | 3 | 4): Uint8Array => bytes(DLE, EOT, n);

/** All four status requests, answered by four bytes in order. */
export const FULL_STATUS_REQUEST = concat([statusRequest(1), statusRequest(2), statusRequest(3), statusRequest(4)]);

export interface PrinterStatusFlags {
  offline: boolean;
  coverOpen: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
  feedButton: boolean;
  cutterError: boolean;
  unrecoverableError: boolean;
  autoRecoverableError: boolean;
}

/** Every status byte has bits 1 and 4 set and bits 0 and 7 clear; anything else is not a status answer. */
export function isStatusByte(b: number): boolean {
  return (b & 0x93) === 0x12;
}

/**
 * Decodes the four answers to FULL_STATUS_REQUEST (Epson ESC/POS, followed by
 * most compatible printers). Returns null when the bytes are not status bytes.
 */
export function decodeStatus(answers: Uint8Array): PrinterStatusFlags | null {
  if (answers.length < 4) return null;
  const [printer, offline, error, paper] = [answers[0]!, answers[1]!, answers[2]!, answers[3]!];
  if (![printer, offline, error, paper].every(isStatusByte)) return null;
  return {
    offline: (printer & 0x08) !== 0,
    coverOpen: (offline & 0x04) !== 0,
    feedButton: (offline & 0x08) !== 0,
    paperOut: (offline & 0x20) !== 0 || (paper & 0x60) !== 0,
    paperNearEnd: (paper & 0x0c) !== 0,
    cutterError: (error & 0x08) !== 0,
    unrecoverableError: (error & 0x20) !== 0,
    autoRecoverableError: (error & 0x40) !== 0,
  };
}

/** Builds the four answer bytes for given flags: what a printer (or a test peer) sends back. */
export function encodeStatus(flags: Partial<PrinterStatusFlags>): Uint8Array {
  let printer = 0x12;
  let offline = 0x12;
  let error = 0x12;
  let paper = 0x12;
  const anyOffline = flags.offline || flags.coverOpen || flags.paperOut || flags.cutterError || flags.unrecoverableError;
  if (anyOffline) printer |= 0x08;
  if (flags.coverOpen) offline |= 0x04;
  if (flags.feedButton) offline |= 0x08;
  if (flags.paperOut) offline |= 0x20;
  if (flags.cutterError || flags.unrecoverableError || flags.autoRecoverableError) offline |= 0x40;
  if (flags.cutterError) error |= 0x08;
  if (flags.unrecoverableError) error |= 0x20;
  if (flags.autoRecoverableError) error |= 0x40;
  if (flags.paperNearEnd) paper |= 0x0c;
  if (flags.paperOut) paper |= 0x60;
  return bytes(printer, offline, error, paper);
}

export type StatusLevel = 'ok' | 'warn' | 'error';

/** Plain Vietnamese for the officer and `doctor`: what is wrong and what to do. */
export function describeStatus(flags: PrinterStatusFlags): { level: StatusLevel; message: string } {
  const problems: string[] = [];
  if (flags.paperOut) problems.push('Hết giấy: hãy thay cuộn giấy mới');
  if (flags.coverOpen) problems.push('Nắp máy in đang mở: hãy đóng nắp');
  if (flags.cutterError) problems.push('Lỗi dao cắt giấy: kiểm tra giấy kẹt rồi tắt bật lại máy in');
  if (flags.unrecoverableError) problems.push('Máy in gặp lỗi không tự khắc phục được: tắt bật lại máy in');
  if (flags.autoRecoverableError) problems.push('Máy in quá nóng hoặc lỗi tạm thời: chờ máy in tự hồi phục');
  if (problems.length === 0 && flags.offline) problems.push('Máy in đang ngoại tuyến (offline)');
  if (problems.length > 0) return { level: 'error', message: `${problems.join('. ')}.` };
  if (flags.paperNearEnd) return { level: 'warn', message: 'Giấy sắp hết: chuẩn bị thay cuộn giấy.' };
  return { level: 'ok', message: 'Máy in sẵn sàng.' };
}
