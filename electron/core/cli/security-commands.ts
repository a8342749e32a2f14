/**
 * Security commands of `npm run cli`: device pairing for scripted set-up, the
 * audit chain check, the retention purge, a citizen's data export and the
 * admin's way back in. Messages in Vietnamese; exit 0 ok, 1 failure, 2 bad input.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError, CitizenQuerySchema } from '../../../shared/contract';
import { createCore, type Core } from '../app';
import { verifyAudit } from '../audit/audit-log';
import { dailyAuditSummary, type AuditAnchor } from '../audit/audit-anchors';
import { BundleError, decodeBundle } from '../sync/bundle-format';
import { fromProvincialDate } from '../../../shared/provincial';
import { defaultConfig } from '../config';
import { deviceRoleFromArg } from '../trust/devices-service';
import { parseCliOptions, type CliCommand } from './command';

async function withCore<T>(dataDir: string | undefined, run: (core: Core) => Promise<T> | T): Promise<T> {
  const core = createCore(defaultConfig({ dataDir: path.resolve(dataDir ?? 'data'), seedDemo: false }));
  try {
    return await run(core);
  } finally {
    await core.close();
  }
}

export const pairDevice: CliCommand = {
  name: 'pair-device',
  summary: 'Ghép nối một thiết bị (--role kiosk|display|counter [--name TÊN]); in ra khoá truy cập của thiết bị',
  async run(args) {
    const { values } = parseCliOptions(args, { role: { type: 'string' }, name: { type: 'string' }, data: { type: 'string' } });
    const role = deviceRoleFromArg(values.role);
    if (!role) throw new AppError('invalid_input', 'Thiếu hoặc sai --role: dùng kiosk, display hoặc counter.');
    const name = (values.name ?? `${role} (dòng lệnh)`).slice(0, 80);
    return withCore(values.data, (core) => {
      const { credential, me } = core.devices.pairDirect(role, name, 'system');
      // The credential alone on stdout, so scripts can capture it; the explanation goes to stderr.
      console.error(`Đã ghép nối thiết bị "${me.name}" (${role}, mã ${me.id}). Gửi kèm mỗi yêu cầu: Authorization: Bearer <khoá>`);
      console.log(credential);
      return 0;
    });
  },
};

export const revokeDevice: CliCommand = {
  name: 'revoke-device',
  summary: 'Thu hồi một thiết bị theo mã (--id ID)',
  async run(args) {
    const { values } = parseCliOptions(args, { id: { type: 'string' }, data: { type: 'string' } });
    if (!values.id) throw new AppError('invalid_input', 'Thiếu --id.');
    const id = values.id;
    return withCore(values.data, (core) => {
      const device = core.devices.revoke(id, 'system');
      console.log(`Đã thu hồi thiết bị "${device.name}".`);
      return 0;
    });
  },
};

function bundleAnchor(file: string): AuditAnchor {
  let decoded;
  try {
    decoded = decodeBundle(fs.readFileSync(file));
  } catch (error) {
    throw new AppError(
      'invalid_input',
      `Không đọc được gói đồng bộ ${file}: ${error instanceof BundleError ? error.message : 'tệp không phải gói đồng bộ hợp lệ.'}`,
    );
  }
  const anchor = decoded.manifest.auditAnchor;
  if (!anchor) throw new AppError('invalid_input', `Gói đồng bộ ${file} được tạo bởi phiên bản cũ, không mang mốc nhật ký.`);
  const at = (fromProvincialDate(decoded.manifest.createdAt) ?? new Date()).toISOString();
  return { ...anchor, at, where: `gói ngoại tuyến ${decoded.manifest.bundleId}` };
}

export const verifyAuditCommand: CliCommand = {
  name: 'verify-audit',
  summary: 'Kiểm tra chuỗi băm của nhật ký thao tác; chỉ ra dòng bị sửa hoặc xoá',
  async run(args) {
    const { values } = parseCliOptions(args, {
      data: { type: 'string' },
      anchor: { type: 'string', multiple: true },
      bundle: { type: 'string', multiple: true },
    });
    // --anchor SEQ:HASH, copied from a printed daily summary or the province's receipt of a sync.
    const extra = (values.anchor ?? []).map((text) => {
      const match = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
      if (!match) throw new AppError('invalid_input', `--anchor phải có dạng SỐ_DÒNG:MÃ_BĂM (64 ký tự hex), nhận được "${text}".`);
      return { seq: Number(match[1]), hash: match[2]!, at: new Date().toISOString(), where: 'mốc nhập tay' };
    });
    // --bundle FILE: an offline bundle handed to the province carries the head it was made at, signed.
    for (const file of values.bundle ?? []) extra.push(bundleAnchor(file));
    return withCore(values.data, (core) => {
      const result = verifyAudit(core.db, new Date(), extra);
      if (result.ok) {
        console.log(`✔ Nhật ký nguyên vẹn: ${result.checked} dòng, chuỗi băm khớp.`);
        return 0;
      }
      console.log(`✘ Nhật ký đã bị can thiệp (${result.checked} dòng đã kiểm tra):`);
      for (const problem of result.problems) console.log(`  - ${problem.message}`);
      return 1;
    });
  },
};

export const purgeCommand: CliCommand = {
  name: 'purge',
  summary: 'Xoá dữ liệu công dân quá thời hạn lưu trữ, kèm tệp (--days N để ghi đè, --dry-run để chỉ đếm)',
  async run(args) {
    const { values } = parseCliOptions(args, { data: { type: 'string' }, days: { type: 'string' }, 'dry-run': { type: 'boolean' } });
    let days: number | undefined;
    if (values.days !== undefined) {
      days = Number(values.days);
      if (!Number.isInteger(days) || days < 1 || days > 36500) throw new AppError('invalid_input', `Số ngày không hợp lệ: ${values.days}`);
    }
    const dryRun = values['dry-run'] === true;
    return withCore(values.data, (core) => {
      const report = core.privacy.purge({ days, dryRun });
      console.log(`${dryRun ? 'Chạy thử (không xoá gì)' : 'Đã xoá'}: dữ liệu trước ${report.cutoff}`);
      if (report.sources.length === 0) console.log('  (chưa có chức năng nào đăng ký dữ liệu công dân)');
      for (const s of report.sources) console.log(`  ${s.name}: ${s.records} bản ghi, ${s.files} tệp`);
      if (!dryRun) console.log(`  Tệp đã xoá khỏi kho: ${report.filesRemoved}`);
      return 0;
    });
  },
};

export const exportCitizen: CliCommand = {
  name: 'export-citizen',
  summary: 'Xuất mọi dữ liệu về một công dân (--id-number SỐ --out TỆP.json)',
  async run(args) {
    const { values } = parseCliOptions(args, { data: { type: 'string' }, 'id-number': { type: 'string' }, out: { type: 'string' } });
    const query = CitizenQuerySchema.safeParse({ idNumber: values['id-number'] ?? '' });
    if (!query.success) throw new AppError('invalid_input', query.error.issues[0]?.message ?? 'Số CCCD không hợp lệ');
    if (!values.out) throw new AppError('invalid_input', 'Thiếu --out (tệp JSON kết quả).');
    const out = path.resolve(values.out);
    return withCore(values.data, (core) => {
      const result = core.privacy.exportCitizen(query.data.idNumber, 'system');
      fs.writeFileSync(out, JSON.stringify(result, null, 2));
      const count = result.sections.reduce((n, s) => n + s.records.length, 0);
      console.log(`Đã xuất ${count} bản ghi từ ${result.sections.length} nguồn vào ${out}`);
      return 0;
    });
  },
};

export const resetPassword: CliCommand = {
  name: 'reset-password',
  summary: 'Cấp mật khẩu một lần cho một tài khoản và mở khoá (--user TÊN, mặc định admin)',
  async run(args) {
    const { values } = parseCliOptions(args, { data: { type: 'string' }, user: { type: 'string' } });
    const username = (values.user ?? 'admin').toLowerCase();
    return withCore(values.data, async (core) => {
      const account = core.accounts.byUsername(username);
      if (!account) {
        const first = await core.accounts.bootstrapAdmin();
        if (!first) throw new AppError('not_found', `Không có tài khoản "${username}".`);
        console.log(`Đã tạo tài khoản ${first.username}, mật khẩu một lần: ${first.password}`);
        return 0;
      }
      const password = await core.accounts.resetPassword(account.id, 'system');
      console.log(`Mật khẩu một lần cho ${account.username}: ${password}  (đổi ngay khi đăng nhập)`);
      return 0;
    });
  },
};

export const auditSummaryCommand: CliCommand = {
  name: 'audit-summary',
  summary: 'In bản tóm tắt nhật ký trong ngày kèm mốc đầu chuỗi (để in, ký và lưu ngoài máy) [--day YYYY-MM-DD]',
  async run(args) {
    const { values } = parseCliOptions(args, { data: { type: 'string' }, day: { type: 'string' } });
    return withCore(values.data, (core) => {
      const summary = dailyAuditSummary(core.db, values.day);
      console.log(summary.text);
      return summary.anchor ? 0 : 1;
    });
  },
};
