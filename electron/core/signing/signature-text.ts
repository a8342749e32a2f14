import { vnIso } from '../../../shared/vn-time';
/**
 * The visible text of a signature, following Nghị định 30/2020/NĐ-CP Phụ lục I:
 * on a digitized copy the agency's signature has no image; its text gives the
 * copy type, the agency and the signing time in ISO 8601, Vietnam time.
 */

export const COPY_TYPES = {
  'sao-y': 'SAO Y',
  'trich-sao': 'TRÍCH SAO',
  'sao-luc': 'SAO LỤC',
  'so-hoa': 'BẢN SỐ HÓA TỪ BẢN GỐC',
} as const;
export type CopyType = keyof typeof COPY_TYPES;

export const DEMO_LABEL = 'DEMO — chữ ký thử nghiệm, không có giá trị pháp lý';

/** ISO 8601 in Vietnam time (UTC+7, no daylight saving): 2026-11-23T19:40:12+07:00. */
export function isoVietnamTime(date: Date): string {
  return vnIso(date);
}

export function copySignatureLines(input: { copyType: CopyType; agency: string; time: Date; demo?: boolean }): string[] {
  const lines = [COPY_TYPES[input.copyType], input.agency, `Thời gian ký: ${isoVietnamTime(input.time)}`];
  return input.demo ? [DEMO_LABEL, ...lines] : lines;
}

/** NĐ 30/2020: Times New Roman style, 10 pt, black. */
export const COPY_SIGNATURE_FONT_SIZE = 10;
