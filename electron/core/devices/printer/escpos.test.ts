import { describe, expect, it } from 'vitest';
import {
  cut,
  decodeStatus,
  describeStatus,
  encodeStatus,
  FULL_STATUS_REQUEST,
  isStatusByte,
  qrCode,
  rasterImage,
  textLine,
  textSize,
  toMono,
} from './escpos';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('encoding', () => {
  it.each([
    ['cut', cut(3), '1d564203'],
    ['double size', textSize(2, 2), '1d2111'],
    ['text line', textLine('A007'), '413030370a'],
    ['status request', FULL_STATUS_REQUEST, '100401100402100403100404'],
  ])('%s', (_name, actual, expected) => {
    expect(hex(actual)).toBe(expected);
  });

  it('refuses non-ASCII text: Vietnamese goes as an image', () => {
    expect(() => textLine('Hộ tịch')).toThrow(RangeError);
  });

  it('GS v 0 carries the size in bytes × rows and the bits as they are', () => {
    const image = toMono(Uint8Array.from([255, 0, 0, 0, 0, 0, 0, 0, 255, 0, 0, 0, 0, 0, 0, 255, 0, 0]), 9, 2, true);
    expect(hex(image.bits)).toBe('80800200');
    expect(hex(rasterImage(image))).toBe('1d763000020002008080' + '0200');
  });

  it('splits tall images into bands the printer accepts', () => {
    const tall = { width: 8, height: 3000, bits: new Uint8Array(3000) };
    const out = rasterImage(tall);
    expect(out.length).toBe(8 + 2047 + 8 + 953);
    expect(hex(out.subarray(2055, 2063))).toBe('1d76300001' + '00b903');
  });

  it('QR: model, size, error correction, store with the UTF-8 length, print', () => {
    const out = qrCode('Số A1', 5, 'Q');
    const data = new TextEncoder().encode('Số A1');
    expect(hex(out.subarray(0, 25))).toBe('1d286b040031413200' + '1d286b0300314305' + '1d286b0300314532');
    expect(out[25]).toBe(0x1d);
    expect(out[28]).toBe(data.length + 3);
    expect(Buffer.from(out.subarray(33, 33 + data.length)).toString('utf8')).toBe('Số A1');
    expect(hex(out.subarray(out.length - 8))).toBe('1d286b0300315130');
  });
});

describe('DLE EOT status', () => {
  it.each([
    ['ready', '12121212', 'ok', 'Máy in sẵn sàng.'],
    ['paper near end', '1212121e', 'warn', 'Giấy sắp hết: chuẩn bị thay cuộn giấy.'],
    ['paper out', '1a321272', 'error', 'Hết giấy: hãy thay cuộn giấy mới.'],
    ['cover open', '1a161212', 'error', 'Nắp máy in đang mở: hãy đóng nắp.'],
    ['offline only', '1a121212', 'error', 'Máy in đang ngoại tuyến (offline).'],
    ['cutter error', '1a521a12', 'error', 'Lỗi dao cắt giấy: kiểm tra giấy kẹt rồi tắt bật lại máy in.'],
  ])('%s', (_name, answer, level, message) => {
    const flags = decodeStatus(Buffer.from(answer, 'hex'));
    expect(flags).not.toBeNull();
    expect(describeStatus(flags!)).toEqual({ level, message });
  });

  it.each([
    ['too short', '121212'],
    ['not status bytes', '00ff1212'],
  ])('rejects %s', (_name, answer) => {
    expect(decodeStatus(Buffer.from(answer, 'hex'))).toBeNull();
  });

  it('round-trips flags through the bytes a printer sends', () => {
    const flags = { paperOut: true, coverOpen: true };
    const decoded = decodeStatus(encodeStatus(flags));
    expect(decoded).toMatchObject({ paperOut: true, coverOpen: true, offline: true, cutterError: false });
    expect([...encodeStatus({})].every(isStatusByte)).toBe(true);
  });
});
