/**
 * Official forms as PDF: pdf-lib with the bundled Times-metric Liberation Serif
 * embedded (tagged subsets, with a ToUnicode map, so text can be searched and
 * read back), the TT 01/2018 header (agency with a rule line under its name,
 * national motto, italic place and date), a QR code of the dossier code, the
 * body from a data template (templates.ts), and on a receipt that runs over a
 * page the dossier code and "Trang x/y" on every page.
 */
import fontkit from '@pdf-lib/fontkit';
import fs from 'node:fs';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import type { Dossier } from '../../../../shared/contract';
import { STATUS_NAMES } from '../../../../shared/domain/status';
import { formatVnDate, hhmm, toLocal, vnParts } from '../../../../shared/vn-time';
import type { AgencyConfig } from '../../config';
import { embedTaggedSubset } from '../../pdf/font-subset-tag';
import { resourcePath } from '../../resources';
import type { Apology } from '../dossier-service';
import type { FormBlock, FormSet, FormTemplate } from './templates';

export type FormId = '01' | '02' | '03' | '04' | '05' | '06';

export interface FormContext {
  agency: AgencyConfig;
  /** Where the form is made, e.g. "TP. Hồ Chí Minh", for "…, ngày … tháng … năm …". */
  place: string;
  /** The moment the form is made (ISO). */
  madeAt: string;
  dossier?: Dossier;
  /** The procedure's statutory processing time (from the catalog version the dossier was received under). */
  processing?: { unit: 'days' | 'hours'; value: number };
  apology?: Apology | null;
  /** Form 06 */
  register?: { from: string; to: string; dossiers: Dossier[] };
}

const BLACK = rgb(0, 0, 0);
const MARGIN = { top: 42, bottom: 48, left: 62, right: 48 };

function dmy(iso: string): string {
  return formatVnDate(toLocal(iso).day);
}
/** "14:20 13/02/2026" for table cells. */
function shortTime(iso: string): string {
  return `${hhmm(toLocal(iso).minute)} ${dmy(iso)}`;
}
function hm(iso: string): string {
  const [h, m] = hhmm(toLocal(iso).minute).split(':');
  return `${h} giờ ${m} phút`;
}
function money(n: number): string {
  return `${n.toLocaleString('vi-VN').replace(/,/g, '.')} đồng`;
}

/** Placeholder values for a dossier form. */
export function formValues(ctx: FormContext): Record<string, string> {
  const d = ctx.dossier;
  const v: Record<string, string> = { agencyName: ctx.agency.name };
  if (d) {
    const a = d.applicant;
    const entry = d.code.slice(-4);
    Object.assign(v, {
      code: d.code,
      applicantName: a.kind === 'organization' ? `${a.organizationName ?? ''} (người đại diện: ${a.fullName})` : a.fullName,
      address: a.address || '…',
      phone: a.phone || '…',
      email: a.email || '…',
      procedureName: d.procedureName,
      procedureCode: d.procedureCode,
      sets: String(d.sets),
      processing: processingText(ctx.processing),
      receivedTime: hm(d.receivedAt),
      receivedDate: dmy(d.receivedAt),
      dueTime: hm(d.dueAt),
      dueDate: dmy(d.dueAt),
      delivery: deliveryText(d),
      deliveryAddress: d.deliveryAddress ?? a.address,
      fees: d.fees.length ? d.fees.map((f) => `${f.name}: ${money(f.amount)}`).join('; ') : 'Không',
      book: String(vnParts(d.receivedAt).year),
      entry,
      officer: d.receivedBy,
      note: [...d.history].reverse().find((h) => h.note)?.note ?? '',
      decidingAgency: ctx.agency.name,
    });
  }
  if (ctx.apology) {
    v.apologyReason = ctx.apology.reason;
    v.previousDue = `${hm(ctx.apology.previousDueAt)}, ngày ${dmy(ctx.apology.previousDueAt)}`;
    v.newDue = `${hm(ctx.apology.newDueAt)}, ngày ${dmy(ctx.apology.newDueAt)}`;
  }
  if (ctx.register) {
    v.fromDate = dmy(ctx.register.from);
    v.toDate = dmy(ctx.register.to);
  }
  return v;
}

/** Item 6 of form 01: where the result goes; by post with the address to deliver to. */
function deliveryText(d: Dossier): string {
  if (d.delivery !== 'post') return 'Bộ phận tiếp nhận và trả kết quả';
  const address = d.deliveryAddress || d.applicant.address;
  return `qua dịch vụ bưu chính công ích, địa chỉ nhận: ${address || '…'}`;
}

function processingText(p: FormContext['processing']): string {
  if (!p) return '…';
  if (p.value === 0) return 'trong ngày làm việc';
  return `${String(p.value).replace('.', ',')} ${p.unit === 'days' ? 'ngày làm việc' : 'giờ làm việc'}`;
}

function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
}

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  italic: PDFFont;
}

/** Room kept at the top of a continuation page for the dossier code line. */
const CONTINUATION_HEADER = 20;

class Writer {
  page: PDFPage;
  y: number;
  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: Fonts,
    private readonly size: [number, number],
  ) {
    this.page = doc.addPage(size);
    this.y = size[1] - MARGIN.top;
  }
  get width(): number {
    return this.size[0] - MARGIN.left - MARGIN.right;
  }
  ensure(height: number): void {
    if (this.y - height < MARGIN.bottom) {
      this.page = this.doc.addPage(this.size);
      this.y = this.size[1] - MARGIN.top - CONTINUATION_HEADER;
    }
  }
  wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split('\n')) {
      let line = '';
      for (const word of paragraph.split(/\s+/)) {
        const candidate = line ? `${line} ${word}` : word;
        if (font.widthOfTextAtSize(candidate, size) <= width || !line) line = candidate;
        else {
          lines.push(line);
          line = word;
        }
      }
      lines.push(line);
    }
    return lines;
  }
  text(
    text: string,
    opts: { bold?: boolean; italic?: boolean; size?: number; align?: 'left' | 'center' | 'right'; x?: number; width?: number } = {},
  ): void {
    const font = opts.bold ? this.fonts.bold : opts.italic ? this.fonts.italic : this.fonts.regular;
    const size = opts.size ?? 13;
    const x0 = opts.x ?? MARGIN.left;
    const width = opts.width ?? this.width;
    for (const line of this.wrap(text, font, size, width)) {
      this.ensure(size * 1.35);
      const w = font.widthOfTextAtSize(line, size);
      const x = opts.align === 'center' ? x0 + (width - w) / 2 : opts.align === 'right' ? x0 + width - w : x0;
      this.page.drawText(line, { x, y: this.y - size, size, font, color: BLACK });
      this.y -= size * 1.35;
    }
  }
}

export interface FontFiles {
  regular: string;
  bold: string;
  italic: string;
}

export const DEFAULT_FONTS: FontFiles = {
  regular: resourcePath('fonts', 'LiberationSerif-Regular.ttf'),
  bold: resourcePath('fonts', 'LiberationSerif-Bold.ttf'),
  italic: resourcePath('fonts', 'LiberationSerif-Italic.ttf'),
};

const fontCache = new Map<string, Uint8Array>();
function fontBytes(file: string): Uint8Array {
  let bytes = fontCache.get(file);
  if (!bytes) {
    bytes = fs.readFileSync(file);
    fontCache.set(file, bytes);
  }
  return bytes;
}

export async function renderForm(set: FormSet, form: FormId, ctx: FormContext, fontFiles: FontFiles = DEFAULT_FONTS): Promise<Uint8Array> {
  const template: FormTemplate | undefined = set.forms[form];
  if (!template) throw new Error(`form ${form} not in set ${set.set}`);
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(template.title);
  doc.setAuthor(ctx.agency.name);
  doc.setCreator('Một Cửa');
  doc.setSubject(ctx.dossier ? `Mã hồ sơ ${ctx.dossier.code}` : template.title);
  const fonts: Fonts = {
    regular: await embedTaggedSubset(doc, fontBytes(fontFiles.regular), 'form-regular'),
    bold: await embedTaggedSubset(doc, fontBytes(fontFiles.bold), 'form-bold'),
    italic: await embedTaggedSubset(doc, fontBytes(fontFiles.italic), 'form-italic'),
  };
  const size: [number, number] = template.landscape ? [841.89, 595.28] : [595.28, 841.89];
  const w = new Writer(doc, fonts, size);
  const values = formValues(ctx);

  // Header: agency on the left, national motto on the right.
  const half = w.width / 2;
  const top = w.y;
  w.text(ctx.agency.parentName.toUpperCase(), { size: 12, align: 'center', width: half - 10 });
  w.text(ctx.agency.name.toUpperCase(), { size: 12, bold: true, align: 'center', width: half - 10 });
  // The short rule under the agency name (TT 01/2018 layout), a third of the column wide.
  const ruleWidth = (half - 10) / 3;
  w.page.drawLine({
    start: { x: MARGIN.left + (half - 10 - ruleWidth) / 2, y: w.y - 2 },
    end: { x: MARGIN.left + (half - 10 + ruleWidth) / 2, y: w.y - 2 },
    thickness: 0.6,
  });
  const leftBottom = w.y - 4;
  w.y = top;
  const right = MARGIN.left + half;
  w.text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { size: 11.5, bold: true, align: 'center', x: right, width: half + 10 });
  w.text('Độc lập - Tự do - Hạnh phúc', { size: 13, bold: true, align: 'center', x: right, width: half });
  const mottoWidth = fonts.bold.widthOfTextAtSize('Độc lập - Tự do - Hạnh phúc', 13);
  w.page.drawLine({
    start: { x: right + (half - mottoWidth) / 2, y: w.y + 2 },
    end: { x: right + (half + mottoWidth) / 2, y: w.y + 2 },
    thickness: 0.6,
  });
  w.y = Math.min(w.y, leftBottom) - 8;
  const made = vnParts(ctx.madeAt);
  const two = (n: number) => String(n).padStart(2, '0');
  w.text(`${ctx.place}, ngày ${two(made.day)} tháng ${two(made.month)} năm ${made.year}`, { size: 12, italic: true, align: 'right' });

  if (template.qr && ctx.dossier) {
    const png = await QRCode.toBuffer(ctx.dossier.code, { type: 'png', margin: 1, width: 180, errorCorrectionLevel: 'M' });
    const image = await doc.embedPng(png);
    w.page.drawImage(image, { x: size[0] - MARGIN.right - 62, y: w.y - 66, width: 62, height: 62 });
  }
  w.y -= 10;
  w.text(template.title, { bold: true, size: 14, align: 'center' });
  w.y -= 6;

  for (const block of template.blocks) drawBlock(w, fonts, block, values, ctx);
  markPages(doc, fonts, ctx.dossier?.code);

  return doc.save();
}

/** On a form of more than one page: "Trang x/y" at the foot of every page, the dossier code at the head of each continuation page. */
function markPages(doc: PDFDocument, fonts: Fonts, code: string | undefined): void {
  const pages = doc.getPages();
  if (pages.length < 2) return;
  pages.forEach((page, i) => {
    const { width, height } = page.getSize();
    const label = `Trang ${i + 1}/${pages.length}`;
    const size = 10;
    page.drawText(label, {
      x: (width - fonts.regular.widthOfTextAtSize(label, size)) / 2,
      y: MARGIN.bottom / 2,
      size,
      font: fonts.regular,
      color: BLACK,
    });
    if (i === 0 || !code) return;
    const head = `Mã hồ sơ: ${code}`;
    page.drawText(head, {
      x: width - MARGIN.right - fonts.italic.widthOfTextAtSize(head, size),
      y: height - MARGIN.top - size,
      size,
      font: fonts.italic,
      color: BLACK,
    });
  });
}

function drawBlock(w: Writer, fonts: Fonts, block: FormBlock, values: Record<string, string>, ctx: FormContext): void {
  switch (block.kind) {
    case 'text':
      w.text(fill(block.text, values), { bold: block.bold, italic: block.italic, size: block.size, align: block.align });
      return;
    case 'gap':
      w.y -= block.size;
      return;
    case 'components': {
      const list = ctx.dossier?.components ?? [];
      list.forEach((c, i) => {
        const kinds = [c.originals ? `Bản chính: ${c.originals}` : '', c.copies ? `Bản sao: ${c.copies}` : ''].filter(Boolean).join('; ');
        const file = c.sha256 ? (c.digitization >= 2 ? ' (tái sử dụng bản điện tử)' : ' (đã số hóa)') : ' (bản giấy)';
        w.text(`(${i + 1}) ${c.name} — ${kinds || 'Bản giấy'}${file}`, { x: 80, width: w.width - 18 });
      });
      if (list.length === 0) w.text('(không có)', { x: 80 });
      return;
    }
    case 'signatures': {
      const half = w.width / 2;
      const top = w.y;
      block.left.forEach((l, i) =>
        w.text(fill(l, values) || ' ', { bold: i === 0, size: i === 1 ? 11 : 13, align: 'center', width: half }),
      );
      const afterLeft = w.y;
      w.y = top;
      block.right.forEach((l, i) =>
        w.text(fill(l, values) || ' ', { bold: i === 0, size: i === 1 ? 11 : 13, align: 'center', x: 62 + half, width: half }),
      );
      w.y = Math.min(w.y, afterLeft);
      return;
    }
    case 'table': {
      const rows = tableRows(block.source, ctx);
      const size = block.source === 'register' ? 9 : 10.5;
      const drawRow = (cells: string[], bold: boolean) => {
        const font = bold ? fonts.bold : fonts.regular;
        const wrapped = cells.map((c, i) => w.wrap(c, font, size, block.columns[i]!.width - 6));
        const height = Math.max(...wrapped.map((l) => l.length)) * size * 1.3 + 6;
        w.ensure(height);
        let x = 62;
        wrapped.forEach((lines, i) => {
          const cw = block.columns[i]!.width;
          w.page.drawRectangle({ x, y: w.y - height, width: cw, height, borderColor: BLACK, borderWidth: 0.5 });
          lines.forEach((line, j) =>
            w.page.drawText(line, { x: x + 3, y: w.y - 3 - size * (j + 1) * 1.3 + size * 0.3, size, font, color: BLACK }),
          );
          x += cw;
        });
        w.y -= height;
      };
      drawRow(
        block.columns.map((c) => c.header),
        true,
      );
      for (const row of rows)
        drawRow(
          block.columns.map((c) => row[c.key] ?? ''),
          false,
        );
      w.y -= 8;
      return;
    }
  }
}

function tableRows(source: 'history' | 'register', ctx: FormContext): Record<string, string>[] {
  if (source === 'history') {
    const d = ctx.dossier;
    if (!d) return [];
    return d.history.map((h) => ({
      by: `${ctx.agency.name} — ${h.by}`,
      at: shortTime(h.at),
      status: `${STATUS_NAMES[h.to]}${h.to >= 9 ? (h.at <= d.dueAt ? ' (đúng hạn)' : ' (quá hạn)') : ''}`,
      note: h.note,
    }));
  }
  return (ctx.register?.dossiers ?? []).map((d, i) => ({
    no: String(i + 1),
    code: d.code,
    procedure: d.procedureName,
    sets: String(d.sets),
    applicant: d.applicant.kind === 'organization' ? (d.applicant.organizationName ?? d.applicant.fullName) : d.applicant.fullName,
    contact: [d.applicant.address, d.applicant.phone].filter(Boolean).join(', '),
    received: shortTime(d.receivedAt),
    due: shortTime(d.dueAt),
    returned: d.result ? `${dmy(d.result.returnedAt)} (${d.result.collectedBy})` : '',
    note: d.notes,
  }));
}
