/**
 * Why a PDF could not be read or updated, one kind each with its own Vietnamese
 * message; the parser's English text travels only as `details` (logs). The
 * worker thread throws these and the main thread turns the code back into the
 * message, so the kinds are plain codes that survive postMessage.
 */

export type PdfInputKind =
  'pdf_damaged' | 'pdf_encrypted' | 'pdf_password_needed' | 'pdf_password_wrong' | 'pdf_unsupported' | 'pdf_no_room';

export const PDF_INPUT_MESSAGES: Record<PdfInputKind, string> = {
  pdf_damaged:
    'Tệp PDF bị hỏng (bảng tham chiếu hoặc cấu trúc trang không đọc được); hãy xin bản gốc hoặc lưu lại tệp bằng phần mềm đã tạo ra nó.',
  pdf_encrypted: 'Tệp PDF được mã hóa; không giải mã được để xử lý.',
  pdf_password_needed: 'Tệp PDF được đặt mật khẩu mở tệp: hãy nhập mật khẩu để tiếp tục.',
  pdf_password_wrong: 'Mật khẩu mở tệp PDF không đúng.',
  pdf_unsupported:
    'Tệp PDF có cấu trúc chưa được hỗ trợ để ký (ví dụ bảng tham chiếu hỏng nằm trong luồng nén); hãy lưu lại tệp thành PDF thông thường rồi ký.',
  pdf_no_room: 'Trang không còn chỗ trống cho thêm một chữ ký hiển thị.',
};

export class PdfInputError extends Error {
  constructor(
    readonly code: PdfInputKind,
    /** English, for the logs. */
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

export function isPdfInputKind(code: unknown): code is PdfInputKind {
  return typeof code === 'string' && code in PDF_INPUT_MESSAGES;
}
