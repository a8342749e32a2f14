import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testCore } from '../../../tests/support/core';
import { tempDir } from '../../../tests/support/temp-dir';
import { calendarCommand, dueCommand, parseQrCommand } from './dossier-cli';

function capture(): { lines: string[] } {
  const out = { lines: [] as string[] };
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void out.lines.push(args.join(' ')));
  return out;
}

afterEach(() => vi.restoreAllMocks());

describe('CLI: calendar, due, parse-qr', () => {
  it('uses the installation’s overrides and working hours from the data directory', async () => {
    const core = testCore();
    const dataDir = core.config.dataDir;
    core.calendar.saveOverride({ date: '2026-11-24', kind: 'off', reason: 'Ngày Văn hóa Việt Nam' });
    core.calendar.saveHours({
      periods: [
        { start: '08:00', end: '12:00' },
        { start: '13:00', end: '17:00' },
      ],
    });
    await core.close();

    const out = capture();
    expect(await calendarCommand.run(['2026', '--data', dataDir])).toBe(0);
    expect(out.lines).toContain('24/11/2026  Thứ Ba    nghỉ   Ngày Văn hóa Việt Nam  [điều chỉnh của đơn vị]');
    expect(out.lines).toContain(
      '27/04/2026  Thứ Hai   nghỉ   Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch) (rơi vào 26/04/2026)  [quy tắc BLLĐ]',
    );
    expect(out.lines).toContain(
      '22/08/2026  Thứ Bảy   làm việc  Làm bù thứ Bảy cho ngày nghỉ hoán đổi 31/8/2026  [thông báo: Thông báo 9441 ngày 16/10/2025 (Bộ Nội vụ)]',
    );
    expect(out.lines).toContain('Giờ làm việc: 08:00–12:00, 13:00–17:00');

    out.lines.length = 0;
    expect(await dueCommand.run(['--received', '2026-11-23T16:00', '--days', '1', '--data', dataDir])).toBe(0);
    expect(out.lines).toEqual(['2026-11-25T16:00:00+07:00']);
    out.lines.length = 0;
    expect(await dueCommand.run(['--received', '2026-11-23T16:00:00+07:00', '--hours', '3', '--data', dataDir])).toBe(0);
    expect(out.lines).toEqual(['2026-11-25T10:00:00+07:00']);
  });

  it('falls back to the shipped calendar when there is no database yet', async () => {
    const out = capture();
    expect(await dueCommand.run(['--received', '2025-04-25T09:00', '--days', '3', '--data', tempDir()])).toBe(0);
    expect(out.lines).toEqual(['2025-04-29T09:00:00+07:00']);
  });

  it.each([
    [['--received', '2026-01-05T09:00'], 'đúng một trong --days'],
    [['--received', 'hôm qua', '--days', '1'], 'Thời điểm không hợp lệ'],
    [['--days', '1'], 'Cần --received'],
  ])('due %j is bad input', async (args, message) => {
    await expect(dueCommand.run([...args, '--data', tempDir()])).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining(message),
    });
  });

  it('parse-qr prints JSON, and a malformed QR exits with 2 and a Vietnamese message', async () => {
    const out = capture();
    expect(await parseQrCommand.run(['001305012345||Trần Thị Bình|05112005|Nữ|Hà Nội|20012022||'])).toBe(0);
    expect(JSON.parse(out.lines.join('\n'))).toMatchObject({
      idNumber: '001305012345',
      oldIdNumber: null,
      sex: 'Nữ',
      birthDate: '2005-11-05',
    });
    vi.restoreAllMocks();

    const run = spawnSync(
      'npx',
      ['tsx', 'electron/core/cli/main.ts', 'parse-qr', '001305012345||Trần Thị Bình|05112005|Nam|Hà Nội|20012022'],
      { encoding: 'utf8' },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Lỗi: Số định danh ghi giới tính Nữ nhưng giới tính khai là Nam.');
  });
});

describe('doctor checks of the dossier module', () => {
  it('reports the catalog and warns about a year without announced days off', async () => {
    const { runChecks } = await import('../devices/health');
    const core = testCore();
    try {
      const checks = await runChecks(core.health);
      expect(checks.find((c) => c.id === 'catalog')).toMatchObject({ status: 'ok', detail: '22 thủ tục đang áp dụng' });
      const year = new Date(Date.now() + 7 * 3600_000).getUTCFullYear();
      const calendar = checks.find((c) => c.id === 'calendar');
      expect(calendar?.status).toBe('warn');
      // The shipped announcements reach 2026; a later year waits for the supervisor's import.
      expect(calendar?.detail).toContain(`${year + 1}`);
      core.calendar.saveOverride({ date: `${year}-12-31`, kind: 'work', reason: 'Thông báo lịch nghỉ' });
      core.calendar.saveOverride({ date: `${year + 1}-01-02`, kind: 'off', reason: 'Thông báo lịch nghỉ' });
      expect((await runChecks(core.health)).find((c) => c.id === 'calendar')?.status).toBe('ok');
    } finally {
      await core.close();
    }
  });

  it('an officer cannot backdate a receipt over the contract; a supervisor can', async () => {
    const core = testCore();
    try {
      const input = {
        procedureCode: '2.000884',
        applicant: {
          kind: 'citizen',
          fullName: 'Lê Thị Đào',
          idNumber: '048185000111',
          oldIdNumber: null,
          birthDate: null,
          sex: null,
          address: 'Đà Nẵng',
          phone: '',
          email: '',
          taxCode: null,
          organizationName: null,
        },
        components: [
          { code: 'TP1', name: 'Giấy tờ', originals: 1, copies: 0, sha256: null },
          { code: 'GT', name: 'Giấy tờ tùy thân', originals: 1, copies: 0, sha256: null },
        ],
        receivedAt: '2025-01-02T09:00:00+07:00',
      };
      const asOfficer = await core.router.call('dossier.receive', input, { caller: { role: 'officer' } });
      const asSupervisor = await core.router.call('dossier.receive', input, { caller: { role: 'supervisor' } });
      expect(asOfficer.ok && asSupervisor.ok).toBe(true);
      if (asOfficer.ok && asSupervisor.ok) {
        expect((asOfficer.result as { receivedAt: string }).receivedAt.startsWith('2025-01-02')).toBe(false);
        expect((asSupervisor.result as { code: string }).code).toBe('000.00.12.H56-250102-0001');
      }
    } finally {
      await core.close();
    }
  });
});

describe('CLI: calendar YEAR marks the source of each day; calendar import FILE', () => {
  it('2024: announced days name their document, rule days say so, a cancelled make-up day is listed as worked', async () => {
    const out = capture();
    expect(await calendarCommand.run(['2024', '--data', tempDir()])).toBe(0);
    const doc = '[thông báo: Thông báo 5015/TB-LĐTBXH ngày 22/11/2023 (Bộ Lao động - Thương binh và Xã hội)]';
    expect(out.lines).toContain(`08/02/2024  Thứ Năm   nghỉ   Tết Nguyên đán Giáp Thìn: nghỉ trước Tết (29 tháng Chạp)  ${doc}`);
    expect(out.lines).toContain(`15/02/2024  Thứ Năm   làm việc  Đi làm lại sau Tết Giáp Thìn (nghỉ Tết đã bố trí từ 8/2)  ${doc}`);
    expect(out.lines).toContain('18/04/2024  Thứ Năm   nghỉ   Giỗ Tổ Hùng Vương (10/3 âm lịch)  [quy tắc BLLĐ]');
    expect(out.lines).toContain(
      '04/05/2024  Thứ Bảy   làm việc  Làm bù thứ Bảy cho ngày nghỉ hoán đổi 29/4/2024  [thông báo: Công văn 2450/VPCP-KGVX ngày 12/04/2024 (Văn phòng Chính phủ)]',
    );
  });

  it('a year with no announcement says the rules decide', async () => {
    const out = capture();
    expect(await calendarCommand.run(['2027', '--data', tempDir()])).toBe(0);
    expect(out.lines).toContain('Chưa có thông báo lịch nghỉ nào cho năm 2027: mọi ngày nghỉ theo quy tắc Bộ luật Lao động.');
  });

  it('imports a file into the installation, and refuses a bad one with a Vietnamese reason', async () => {
    const core = testCore();
    const dataDir = core.config.dataDir;
    await core.close();
    const file = path.join(tempDir(), 'lich-nghi-2027.json');
    const announcement = {
      document: { type: 'Thông báo', number: '77/TB-BNV', date: '2026-11-25', issuer: 'Bộ Nội vụ' },
      days: [{ date: '2027-02-04', kind: 'off', reason: 'Nghỉ trước Tết Đinh Mùi' }],
    };
    fs.writeFileSync(file, JSON.stringify({ announcements: [announcement] }));
    const out = capture();
    expect(await calendarCommand.run(['import', file, '--data', dataDir])).toBe(0);
    expect(out.lines[0]).toContain('Đã nhập 1 ngày theo thông báo cho năm 2027');
    out.lines.length = 0;
    expect(await calendarCommand.run(['2027', '--data', dataDir])).toBe(0);
    expect(out.lines).toContain(
      '04/02/2027  Thứ Năm   nghỉ   Nghỉ trước Tết Đinh Mùi  [thông báo: Thông báo 77/TB-BNV ngày 25/11/2026 (Bộ Nội vụ)]',
    );

    fs.writeFileSync(
      file,
      JSON.stringify({ announcements: [{ ...announcement, days: [{ date: '2027-02-06', kind: 'off', reason: 'x' }] }] }),
    );
    await expect(calendarCommand.run(['import', file, '--data', dataDir])).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('06/02/2027 là ngày nghỉ cuối tuần'),
    });
    await expect(calendarCommand.run(['import', file, '--data', tempDir()])).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
