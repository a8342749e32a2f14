/**
 * The audit trail in words: one Vietnamese sentence (a verb phrase after the actor's name) for every
 * action written to the audit log, and the pieces a row is read with (who, did what, to what, from where).
 * Pure: the renderer passes the names it knows (accounts, devices, counters).
 */
export const AUDIT_SENTENCES: Readonly<Record<string, string>> = {
  // Accounts and sign-in.
  'account.bootstrap': 'tạo tài khoản quản trị đầu tiên',
  'account.create': 'tạo tài khoản',
  'account.update': 'sửa tài khoản',
  'account.resetPassword': 'cấp lại mật khẩu một lần cho tài khoản',
  'account.unlock': 'mở khoá tài khoản',
  'account.locked': 'khoá tạm tài khoản vì nhập sai mật khẩu nhiều lần',
  'account.changePassword': 'đổi mật khẩu của mình',
  'auth.login': 'đăng nhập',
  'auth.login.failed': 'đăng nhập sai mật khẩu vào tài khoản',
  'auth.login.refused': 'bị từ chối đăng nhập (tài khoản đang khoá)',
  'auth.resume': 'nối lại phiên làm việc trên máy trạm khi máy chủ sảnh trở lại',
  'auth.resume.refused': 'bị từ chối nối lại phiên trên máy trạm (tài khoản đã bị khoá, đổi quyền hoặc đổi mật khẩu)',
  'auth.logout': 'đăng xuất',
  // Devices.
  'device.pairingCode': 'tạo mã ghép nối thiết bị',
  'device.pair': 'ghép nối thiết bị',
  'device.pair.failed': 'ghép nối thiết bị không thành công',
  'device.revoke': 'thu hồi thiết bị',
  // Hall and queue.
  'hall.saveService': 'lưu dịch vụ xếp hàng',
  'hall.saveCounter': 'lưu quầy',
  'queue.callNext': 'gọi số tiếp theo',
  'queue.callTicket': 'gọi số',
  'queue.recall': 'gọi lại số',
  'queue.startService': 'bắt đầu phục vụ số',
  'queue.noShow': 'đánh dấu vắng mặt số',
  'queue.skip': 'bỏ qua số',
  'queue.transfer': 'chuyển quầy cho số',
  'queue.park': 'tạm gác số',
  'queue.resume': 'phục vụ tiếp số',
  'queue.finish': 'kết thúc phục vụ số',
  'queue.linkDossier': 'gắn hồ sơ với số',
  'queue.saveSettings': 'lưu cài đặt xếp hàng',
  'queue.exportStats': 'xuất thống kê xếp hàng',
  // Dossiers.
  'dossier.receive': 'tiếp nhận hồ sơ',
  'dossier.addComponent': 'bổ sung thành phần cho hồ sơ',
  'dossier.transition': 'chuyển trạng thái hồ sơ',
  'dossier.apologize': 'lập thư xin lỗi cho hồ sơ',
  'dossier.returnResult': 'trả kết quả hồ sơ',
  'dossier.print': 'in phiếu của hồ sơ',
  // Catalog and calendar.
  'catalog.import': 'nhập danh mục thủ tục',
  'calendar.saveOverride': 'lưu ngày nghỉ / ngày làm bù',
  'calendar.deleteOverride': 'xoá ngày nghỉ / ngày làm bù',
  'calendar.saveHours': 'lưu giờ làm việc',
  'calendar.importAnnouncements': 'nhập thông báo lịch nghỉ',
  // Provincial sync.
  'sync.pause': 'tạm dừng đồng bộ với tỉnh',
  'sync.resume': 'tiếp tục đồng bộ với tỉnh',
  'sync.retry': 'gửi lại hồ sơ lên tỉnh',
  'sync.configure': 'sửa cấu hình kết nối với tỉnh',
  'sync.exportBundle': 'xuất gói đồng bộ ngoại tuyến',
  'sync.importAck': 'nhập biên nhận của gói đồng bộ',
  'sync.setProcedure': 'sửa mã thủ tục trên cổng tỉnh',
  'sync.testConnection': 'kiểm tra kết nối với cổng tỉnh',
  'sync.setCredentials': 'lưu địa chỉ và tài khoản kết nối với tỉnh',
  // Digitization and signing.
  'digitize.import': 'nhập trang quét',
  'digitize.split': 'tách trang quét',
  'digitize.build': 'tạo tệp PDF số hoá',
  'signing.openSession': 'mở phiên ký số',
  'signing.sign': 'ký số tệp',
  // Privacy.
  'privacy.setRetention': 'sửa thời hạn lưu giữ dữ liệu',
  'privacy.exportCitizen': 'xuất dữ liệu cá nhân của công dân',
  'privacy.purge': 'xoá dữ liệu cá nhân hết hạn lưu giữ',
};

/** A row the log holds but no sentence names (a newer version's action): the words, never the raw code, lead. */
export function auditSentence(action: string): string {
  return AUDIT_SENTENCES[action] ?? `thực hiện thao tác khác (${action})`;
}

export interface AuditNames {
  accounts: ReadonlyMap<string, string>;
  devices: ReadonlyMap<string, string>;
  counters: ReadonlyMap<string, string>;
}

export interface AuditRowInput {
  actorRole: string;
  actorName: string | null;
  deviceId: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  detail: string | null;
}

export interface AuditRowWords {
  who: string;
  did: string;
  subject: string;
  from: string;
}

const ROLE_WORDS: Readonly<Record<string, string>> = {
  system: 'Hệ thống',
  anonymous: 'Người chưa đăng nhập',
  officer: 'Cán bộ',
  supervisor: 'Giám sát',
  admin: 'Quản trị',
  kiosk: 'Kiosk lấy số',
  display: 'Màn hình sảnh',
  'counter-device': 'Máy quầy',
};

function parseDetail(detail: string | null): Record<string, unknown> {
  if (!detail) return {};
  try {
    const value: unknown = JSON.parse(detail);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : {};
  } catch {
    return {};
  }
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

/** What the action touched, as an officer names it: a ticket number, a dossier code, an account's username. */
function subjectWords(row: AuditRowInput, detail: Record<string, unknown>, names: AuditNames): string {
  const id = row.subjectId;
  switch (row.subjectType) {
    case 'ticket':
      return text(detail.number) ?? '';
    case 'dossier':
      return id ?? '';
    case 'account':
      return (id && names.accounts.get(id)) ?? text(detail.username) ?? (id && !isUuid(id) ? id : '');
    case 'device':
      return (id && names.devices.get(id)) ?? text(detail.name) ?? '';
    case 'counter':
      return (id && names.counters.get(id)) ?? text(detail.name) ?? '';
    case 'service':
      return text(detail.name) ?? '';
    default:
      return id && !isUuid(id) && !/^[0-9a-f]{64}$/.test(id) ? id : '';
  }
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** Where it was done: the counter the action names, else the paired device, else the browser's address in words. */
function fromWords(row: AuditRowInput, detail: Record<string, unknown>, names: AuditNames): string {
  const counterId = text(detail.counterId);
  const counter = counterId ? names.counters.get(counterId) : undefined;
  if (counter) return counter;
  const device = row.deviceId;
  if (!device) return '';
  const named = names.devices.get(device);
  if (named) return named;
  if (device.startsWith('ip:')) return `Máy chưa ghép nối (địa chỉ ${device.slice(3)})`;
  if (device === 'local') return 'Máy này';
  return isUuid(device) ? 'Thiết bị đã xoá' : device;
}

export function auditRowWords(row: AuditRowInput, names: AuditNames): AuditRowWords {
  const detail = parseDetail(row.detail);
  return {
    who: row.actorName ?? ROLE_WORDS[row.actorRole] ?? row.actorRole,
    did: auditSentence(row.action),
    subject: subjectWords(row, detail, names),
    from: fromWords(row, detail, names),
  };
}
