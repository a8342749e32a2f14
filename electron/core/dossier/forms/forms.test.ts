import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dossier } from '../../../../shared/contract';
import { testCore } from '../../../../tests/support/core';

// Every official form is rendered to PDF, rasterised with poppler's pdftoppm (kept under test-results/ for
// a human to look at) and its text read back with pdftotext: the Vietnamese must come out as written.
const OUT = path.resolve('test-results/forms');

function pdfText(file: string, layout = false): string {
  return execFileSync('pdftotext', [...(layout ? ['-layout'] : []), file, '-'], { encoding: 'utf8' }).normalize('NFC');
}

function rasterise(file: string, name: string): string[] {
  execFileSync('pdftoppm', ['-png', '-r', '60', file, path.join(OUT, name)]);
  return fs.readdirSync(OUT).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'));
}

function flat(text: string): string {
  return text.replace(/\s+/g, ' ');
}

describe('official forms 01–06', () => {
  it('render as PDF with the embedded Vietnamese font, a QR code, and read back as Vietnamese text', async () => {
    fs.mkdirSync(OUT, { recursive: true });
    const core = testCore();
    try {
      const scan = core.files.put(Buffer.from('%PDF-1.4 scan'));
      let d: Dossier = await core.dossiers.receive({
        procedureCode: '1.004873',
        applicant: {
          kind: 'citizen',
          fullName: 'Đặng Thị Hồng Nhung',
          idNumber: '001185000001',
          oldIdNumber: null,
          birthDate: '1985-06-15',
          sex: 'Nữ',
          address: 'Số 5 ngõ 12 Đường Láng, Phường Láng, Hà Nội',
          phone: '0987654321',
          email: 'nhung@example.vn',
          taxCode: null,
          organizationName: null,
        },
        components: [
          { code: 'TP1', name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', originals: 1, copies: 0, sha256: scan.sha256 },
          { code: 'GT', name: 'Giấy tờ tùy thân', originals: 1, copies: 0, sha256: null },
        ],
        fees: [{ name: 'Lệ phí cấp Giấy xác nhận tình trạng hôn nhân', amount: 5000 }],
        officer: 'Lê Văn Thành',
        receivedAt: '2026-02-13T14:20:00+07:00',
      });
      d = await core.dossiers.transition(d.code, 5, 'Lê Văn Thành', 'Nộp bổ sung bản sao Giấy khai sinh có chứng thực');
      await core.dossiers.transition(d.code, 4, 'Lê Văn Thành', 'Đã bổ sung đủ');
      d = await core.dossiers.apologize(d.code, '2026-02-27T16:00:00+07:00', 'Cần xác minh thêm tại nơi cư trú trước đây', 'Lê Văn Thành');
      await core.dossiers.renderAndStore('05', d.code);
      const refused = await core.dossiers.receive({
        procedureCode: '2.000884',
        applicant: { ...d.applicant, fullName: 'Phạm Đức Hùng', idNumber: '038200000777', birthDate: '2000-02-29', sex: 'Nam' },
        components: [
          { code: 'TP1', name: 'Giấy tờ cần chứng thực chữ ký', originals: 1, copies: 0, sha256: null },
          { code: 'GT', name: 'Giấy tờ tùy thân', originals: 1, copies: 0, sha256: null },
        ],
        receivedAt: '2026-02-13T15:10:00+07:00',
        officer: 'Lê Văn Thành',
        refusalReason: 'Giấy tờ có nội dung trái pháp luật, không thuộc thẩm quyền chứng thực',
      });
      expect(refused.status).toBe(3);
      const register = await core.router.call(
        'dossier.form',
        { form: '06', from: '2026-02-13', to: '2026-02-13' },
        { caller: { role: 'officer' } },
      );
      expect(register.ok).toBe(true);

      const forms = new Map<string, string>();
      for (const f of [...core.dossiers.get(d.code).forms, ...core.dossiers.get(refused.code).forms]) forms.set(f.form, f.sha256);
      if (register.ok) forms.set('06', (register.result as { sha256: string }).sha256);
      expect([...forms.keys()].sort()).toEqual(['01', '02', '03', '04', '05', '06']);

      const expected: Record<string, string[]> = {
        '01': [
          'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
          `Mã hồ sơ: ${d.code}`,
          'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
          'Độc lập - Tự do - Hạnh phúc',
          'UBND PHƯỜNG TÂN ĐỊNH',
          'Tiếp nhận hồ sơ của: Đặng Thị Hồng Nhung',
          'Cấp Giấy xác nhận tình trạng hôn nhân',
          'Thời gian nhận hồ sơ: 14 giờ 20 phút, ngày 13/02/2026',
          'Thời gian trả kết quả giải quyết hồ sơ: 14 giờ 20 phút, ngày 25/02/2026',
          '3 ngày làm việc',
          'Bản chính: 1',
          'NGƯỜI TIẾP NHẬN HỒ SƠ',
          'Lê Văn Thành',
          'Lệ phí cấp Giấy xác nhận tình trạng hôn nhân: 5.000 đồng',
        ],
        '02': ['PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ', 'Nộp bổ sung bản sao Giấy khai sinh có chứng thực', 'NGƯỜI HƯỚNG DẪN'],
        '03': ['PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ', 'Phạm Đức Hùng', 'không thuộc thẩm quyền chứng thực'],
        '04': [
          'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ',
          'Kính gửi: Đặng Thị Hồng Nhung',
          'Cần xác minh thêm tại nơi cư trú trước đây',
          'hẹn trả kết quả vào 16 giờ 00 phút, ngày 27/02/2026',
          'THỦ TRƯỞNG CƠ QUAN',
        ],
        '05': ['PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ', 'Yêu cầu bổ sung giấy tờ', 'Đang xử lý'],
        '06': ['SỔ THEO DÕI HỒ SƠ', 'Từ ngày 13/02/2026 đến ngày 13/02/2026', d.code, refused.code, 'Đặng Thị Hồng Nhung', 'Phạm Đức Hùng'],
      };
      for (const [form, sha] of forms) {
        const file = path.join(OUT, `form-${form}.pdf`);
        fs.writeFileSync(file, core.files.get(sha));
        const pngs = rasterise(file, `form-${form}`);
        expect(pngs.length, `form ${form} pages`).toBeGreaterThan(0);
        expect(fs.statSync(path.join(OUT, pngs[0]!)).size).toBeGreaterThan(5000);
        const text = flat(pdfText(file));
        for (const phrase of expected[form]!) expect(text, `form ${form}`).toContain(phrase);
      }
      // The font is embedded (subset), never substituted.
      const fonts = execFileSync('pdffonts', [path.join(OUT, 'form-01.pdf')], { encoding: 'utf8' });
      expect(fonts).toMatch(/LiberationSerif.*yes/);
    } finally {
      await core.close();
    }
  });
});

describe('form templates are data', () => {
  it('a different regulation’s set replaces the templates without code changes', async () => {
    const { loadFormSet } = await import('./templates');
    const { renderForm } = await import('./render');
    const base = loadFormSet();
    const file = path.join(OUT, 'set-2025.json');
    fs.mkdirSync(OUT, { recursive: true });
    fs.writeFileSync(
      file,
      JSON.stringify({
        ...base,
        set: 'TT 03/2025/TT-VPCP (thử)',
        forms: {
          ...base.forms,
          '01': {
            ...base.forms['01'],
            title: 'GIẤY TIẾP NHẬN HỒ SƠ, HẸN TRẢ KẾT QUẢ (MẪU MỚI)',
            blocks: [{ kind: 'text', text: 'Người nộp: {applicantName} — Mã: {code}' }],
          },
        },
      }),
    );
    const core = testCore();
    try {
      const d = core.dossiers.receiveRecord({
        procedureCode: '2.000884',
        applicant: {
          kind: 'citizen',
          fullName: 'Võ Thị Yến',
          idNumber: '052190000123',
          oldIdNumber: null,
          birthDate: null,
          sex: null,
          address: 'Bình Định',
          phone: '',
          email: '',
          taxCode: null,
          organizationName: null,
        },
        components: [
          { code: 'TP1', name: 'Giấy tờ', originals: 1, copies: 0, sha256: null },
          { code: 'GT', name: 'Giấy tờ tùy thân', originals: 1, copies: 0, sha256: null },
        ],
      });
      const bytes = await renderForm(loadFormSet(file), '01', {
        agency: core.config.agency,
        place: 'Bình Định',
        madeAt: d.receivedAt,
        dossier: d,
      });
      const pdf = path.join(OUT, 'form-01-new-set.pdf');
      fs.writeFileSync(pdf, bytes);
      const text = flat(pdfText(pdf));
      expect(text).toContain('GIẤY TIẾP NHẬN HỒ SƠ, HẸN TRẢ KẾT QUẢ (MẪU MỚI)');
      expect(text).toContain(`Người nộp: Võ Thị Yến — Mã: ${d.code}`);
      expect(text).not.toContain('Thành phần hồ sơ nộp gồm');
    } finally {
      await core.close();
    }
  });
});
