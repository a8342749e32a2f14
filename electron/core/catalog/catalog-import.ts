/**
 * Catalog files: JSON (an array of procedures, or `{ procedures: [...] }`),
 * CSV and XLSX (one row per component; see COLUMNS). Every row is checked and
 * every problem is reported with its row number; a file with any error
 * imports nothing.
 */
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { ProcedureSchema, type ImportReport, type Procedure } from '../../../shared/contract';
import { formatIssues } from '../contract/router';

/** Column layout of CSV and XLSX catalogs (header row required; order free; Vietnamese-free ASCII names). */
export const COLUMNS = [
  ['ma_tthc', 'Mã thủ tục (mã TTHC), e.g. 1.001193 — rows with the same code form one procedure'],
  ['ten_thu_tuc', 'Tên thủ tục (first row of the procedure)'],
  ['linh_vuc', 'Lĩnh vực'],
  ['cap_thuc_hien', 'Cấp thực hiện (default "Cấp xã")'],
  ['thoi_han', 'Thời hạn giải quyết: a number (0 = trong ngày)'],
  ['don_vi', '"ngay" (working days, default) or "gio" (working hours)'],
  ['gio_chot', 'Same-day cut-off HH:mm, e.g. 15:00 (optional)'],
  ['co_quan', 'Cơ quan có thẩm quyền quyết định'],
  ['le_phi', 'Fees: "Tên phí: số tiền; Tên phí: số tiền" (optional)'],
  ['ma_thanh_phan', 'Mã thành phần hồ sơ (default TP1, TP2 …)'],
  ['ten_thanh_phan', 'Tên thành phần hồ sơ (empty: a procedure without components)'],
  ['ban_chinh', 'Số bản chính (default 1)'],
  ['ban_sao', 'Số bản sao (default 0)'],
  ['bat_buoc', '"x", "1", "có" or empty = required; "0", "không" = optional'],
  ['mau_don', 'Mẫu đơn, tờ khai (optional)'],
] as const;

type Row = Record<string, string>;

/**
 * Found by the attack run: a 20 MB CSV of newlines froze the hub for 69 s, a 1M-row XLSX for 61 s at 2.6 GB,
 * a 1 MB XLSX that unpacks to 1 GB reached 3.1 GB. A province's catalog is a few thousand rows.
 */
export const CATALOG_CAPS = {
  /** Bytes of the uploaded file. */
  maxBytes: 20 * 1024 * 1024,
  /** Lines of a CSV, rows of a sheet, items of a JSON list (blank ones included). */
  maxRows: 50_000,
  /** Sum of the uncompressed sizes an XLSX (a zip) declares. */
  maxUnpackedBytes: 100 * 1024 * 1024,
} as const;

/** A file refused by a cap: the Vietnamese message is the whole report. */
export class CatalogCapError extends Error {}

function tooManyRows(): CatalogCapError {
  return new CatalogCapError(`Tệp danh mục có quá ${CATALOG_CAPS.maxRows.toLocaleString('vi-VN')} dòng: hãy tách thành nhiều tệp nhỏ hơn.`);
}

/**
 * Sum of the uncompressed sizes in a zip's central directory, read without unpacking anything.
 * Null when the file is not a readable zip (ExcelJS then reports it as a broken XLSX).
 */
export function zipUnpackedSize(bytes: Uint8Array): number | null {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const from = Math.max(0, view.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = view.length - 22; i >= from; i--) {
    if (view.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = view.readUInt16LE(eocd + 10);
  let offset = view.readUInt32LE(eocd + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > view.length || view.readUInt32LE(offset) !== 0x02014b50) return null;
    const size = view.readUInt32LE(offset + 24);
    // Zip64 sizes (0xFFFFFFFF) are not unpacked at all: far beyond any catalog.
    if (size === 0xffffffff) return Number.POSITIVE_INFINITY;
    total += size;
    offset += 46 + view.readUInt16LE(offset + 28) + view.readUInt16LE(offset + 30) + view.readUInt16LE(offset + 32);
  }
  return total;
}
interface Parsed {
  procedures: Procedure[];
  errors: ImportReport['errors'];
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF, a UTF-8 BOM; `,` or `;` separated (Excel in vi-VN writes `;`). */
export function parseCsv(text: string, maxRows: number = CATALOG_CAPS.maxRows): string[][] {
  const src = text.replace(/^\uFEFF/, '');
  const firstLine = src.split(/\r?\n/, 1)[0] ?? '';
  const sep = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === sep) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      if (rows.length > maxRows) throw tooManyRows();
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

function parseFees(text: string, row: number, errors: ImportReport['errors']): Procedure['fees'] {
  if (text.trim() === '') return [];
  return text.split(';').flatMap((part) => {
    const m = /^(.+):\s*([\d.\s]+)\s*(đ|đồng|vnd)?\s*$/i.exec(part.trim());
    if (!m) {
      errors.push({ row, message: `Lệ phí "${part.trim()}" cần dạng "Tên phí: số tiền".` });
      return [];
    }
    return [{ name: m[1]!.trim(), amount: Number(m[2]!.replace(/[.\s]/g, '')) }];
  });
}

function truthy(text: string): boolean {
  return !['0', 'không', 'khong', 'no', 'false'].includes(text.trim().toLowerCase());
}

/** Groups flat rows (one per component) into procedures. `rows[i]` is sheet row `firstRow + i`. */
export function rowsToProcedures(rows: Row[], firstRow: number): Parsed {
  const errors: ImportReport['errors'] = [];
  const groups = new Map<string, { row: number; items: { row: number; r: Row }[] }>();
  rows.forEach((r, i) => {
    const row = firstRow + i;
    const code = (r.ma_tthc ?? '').trim();
    if (!code) {
      errors.push({ row, message: 'Thiếu mã thủ tục (cột ma_tthc).' });
      return;
    }
    const group = groups.get(code) ?? { row, items: [] };
    group.items.push({ row, r });
    groups.set(code, group);
  });
  const procedures: Procedure[] = [];
  for (const [code, group] of groups) {
    const head = group.items[0]!.r;
    const unitText = (head.don_vi ?? '').trim().toLowerCase();
    const unit = unitText === '' || unitText.startsWith('ng') ? 'days' : unitText.startsWith('gi') ? 'hours' : null;
    if (!unit) errors.push({ row: group.row, message: `Đơn vị thời hạn "${head.don_vi}" phải là "ngay" hoặc "gio".` });
    const value = Number((head.thoi_han ?? '').replace(',', '.'));
    if ((head.thoi_han ?? '').trim() === '' || !Number.isFinite(value)) {
      errors.push({ row: group.row, message: `Thời hạn giải quyết "${head.thoi_han ?? ''}" không phải là số.` });
    }
    const components = group.items
      .filter(({ r }) => (r.ten_thanh_phan ?? '').trim() !== '')
      .map(({ r, row }, i) => {
        const originals = (r.ban_chinh ?? '').trim() === '' ? 1 : Number(r.ban_chinh);
        const copies = (r.ban_sao ?? '').trim() === '' ? 0 : Number(r.ban_sao);
        if (!Number.isInteger(originals) || !Number.isInteger(copies))
          errors.push({ row, message: 'Số bản chính / bản sao phải là số nguyên.' });
        return {
          code: (r.ma_thanh_phan ?? '').trim() || `TP${i + 1}`,
          name: r.ten_thanh_phan!.trim(),
          originals,
          copies,
          required: truthy(r.bat_buoc ?? ''),
          form: (r.mau_don ?? '').trim() || null,
        };
      });
    const candidate = {
      code,
      name: (head.ten_thu_tuc ?? '').trim(),
      field: (head.linh_vuc ?? '').trim(),
      level: (head.cap_thuc_hien ?? '').trim() || 'Cấp xã',
      processing: { unit: unit ?? 'days', value },
      sameDayCutoff: (head.gio_chot ?? '').trim() || null,
      components,
      fees: parseFees(head.le_phi ?? '', group.row, errors),
      decidingAgency: (head.co_quan ?? '').trim(),
    };
    const checked = ProcedureSchema.safeParse(candidate);
    if (checked.success) procedures.push(checked.data);
    else for (const issue of formatIssues(checked.error)) errors.push({ row: group.row, message: `Thủ tục ${code}: ${issue}` });
  }
  return { procedures, errors };
}

function recordsFromTable(table: string[][]): { rows: Row[]; errors: ImportReport['errors'] } {
  const [header, ...body] = table;
  if (!header) return { rows: [], errors: [{ row: 1, message: 'Tệp trống.' }] };
  const names = header.map((h) => h.trim().toLowerCase());
  const missing = ['ma_tthc', 'ten_thu_tuc', 'thoi_han'].filter((c) => !names.includes(c));
  if (missing.length) return { rows: [], errors: [{ row: 1, message: `Thiếu cột: ${missing.join(', ')} (xem bố cục cột trong README).` }] };
  return { rows: body.map((cells) => Object.fromEntries(names.map((n, i) => [n, (cells[i] ?? '').trim()]))), errors: [] };
}

export function parseCsvCatalog(text: string): Parsed {
  const { rows, errors } = recordsFromTable(parseCsv(text));
  if (errors.length) return { procedures: [], errors };
  return rowsToProcedures(rows, 2);
}

export async function parseXlsxCatalog(bytes: Uint8Array): Promise<Parsed> {
  const unpacked = zipUnpackedSize(bytes);
  if (unpacked !== null && unpacked > CATALOG_CAPS.maxUnpackedBytes) {
    throw new CatalogCapError(
      `Tệp XLSX khi giải nén lớn quá ${CATALOG_CAPS.maxUnpackedBytes / 1024 / 1024} MB: không phải một danh mục thủ tục thông thường.`,
    );
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { procedures: [], errors: [{ row: 0, message: 'Không đọc được tệp XLSX (tệp hỏng hoặc không phải Excel).' }] };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { procedures: [], errors: [{ row: 0, message: 'Tệp XLSX không có trang tính nào.' }] };
  if (sheet.rowCount > CATALOG_CAPS.maxRows) throw tooManyRows();
  const table: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const values = (row.values as unknown[]).slice(1);
    table.push(values.map((v) => cellText(v)));
  });
  const { rows, errors } = recordsFromTable(table.filter((r) => r.some((c) => c !== '')));
  if (errors.length) return { procedures: [], errors };
  return rowsToProcedures(rows, 2);
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    const v = value as { text?: string; richText?: { text: string }[]; result?: unknown };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if (v.text !== undefined) return String(v.text);
    if (v.result !== undefined) return String(v.result);
  }
  return String(value);
}

export function parseJsonCatalog(text: string): Parsed {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { procedures: [], errors: [{ row: 0, message: `JSON không hợp lệ: ${(error as Error).message}` }] };
  }
  const list = Array.isArray(data) ? data : (data as { procedures?: unknown })?.procedures;
  if (!Array.isArray(list))
    return { procedures: [], errors: [{ row: 0, message: 'JSON cần là một mảng thủ tục hoặc { "procedures": [...] }.' }] };
  if (list.length > CATALOG_CAPS.maxRows) throw tooManyRows();
  const errors: ImportReport['errors'] = [];
  const procedures: Procedure[] = [];
  list.forEach((item, i) => {
    const checked = ProcedureSchema.safeParse(item);
    if (checked.success) procedures.push(checked.data);
    else for (const issue of formatIssues(checked.error as z.ZodError)) errors.push({ row: i + 1, message: issue });
  });
  return { procedures, errors };
}

/** One catalog file of any supported format, caps enforced: what the import worker runs. */
export async function parseCatalog(format: 'json' | 'csv' | 'xlsx', bytes: Uint8Array): Promise<Parsed> {
  if (bytes.byteLength > CATALOG_CAPS.maxBytes) {
    throw new CatalogCapError(`Tệp danh mục lớn quá ${CATALOG_CAPS.maxBytes / 1024 / 1024} MB.`);
  }
  if (format === 'xlsx') return parseXlsxCatalog(bytes);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return format === 'csv' ? parseCsvCatalog(text) : parseJsonCatalog(text);
}
