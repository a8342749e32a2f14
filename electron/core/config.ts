import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { AppError } from '../../shared/contract';
import { AGENCY_CODE_PATTERN, MAX_HALL_STATIONS, isValidHallStation } from '../../shared/domain/dossier-code';
import type { ProvincialConfig } from './sync/adapter';
import { HALL_OPTIONS, HUB_ROLE, HallRoleConfigSchema, hallFromArgs, type HallRoleConfig } from './hall-link/hall-config';
import type { ReplicationConfig } from './replication/setup';

export interface AgencyConfig {
  /** Agency identifier code (QCVN 102 style), the first part of every dossier code. */
  code: string;
  name: string;
  /** The superior body printed above the agency name on forms. */
  parentName: string;
}

export interface CoreConfig {
  dataDir: string;
  transport: 'electron' | 'web';
  agency: AgencyConfig;
  hub: { host: string; port: number };
  devices: {
    /** `tcp://HOST:PORT`, `serial:PATH[?baud=N]`, `file:PATH`; none = simulated printer. */
    printer?: string;
    /** Serial QR scanner for chip ID cards: `serial:PATH[?baud=N]`; none = keyboard wedge only. */
    qrScanner?: string;
    /** HID-POS QR/barcode readers: `auto` (usage page 0x8C), `VVVV:PPPP` (hex ids) or `off`; default `auto` in Electron, off in web mode. */
    hidReader?: string;
    /** Where reads go: `local` (this PC's windows), `device:<id>` (one paired device, e.g. a kiosk), `staff` (every staff screen). */
    readerScreen?: string;
    /** `sane:<device>`, `escl:<url>`, `naps2:<device>`, `folder:<dir>`; none = the simulated demo scanner. */
    scanner?: string;
    /** Path of the signing token's PKCS#11 module, tried before the vendor list. */
    pkcs11Module?: string;
    /** RFC 3161 timestamp server (PAdES B-T); none = B-B. */
    tsaUrl?: string;
  };
  /** Fill an empty database with a demo hall so a newcomer sees a working product. */
  seedDemo: boolean;
  /** Personal data (Decree 13/2023): display boards show citizens' names only when this is set. */
  privacy: { displayCitizenNames: boolean };
  /** This PC's number 0–60 among the hall's counters: its dossier numbers come from the hub's leases. */
  station: number;
  /** OS printer (CUPS / Windows name) for official forms; empty = the system default. */
  formPrinter?: string;
  /** Where forms say they were made: "…, ngày … tháng … năm …". */
  place: string;
  /** The official form set: a file name under resources/forms (default tt01-2018.json) or a path. */
  formSet?: string;
  /** The provincial TTHC system sync talks to; none = sync off (the outbox still fills). */
  provincial?: ProvincialConfig;
  /** Hub (default, also the single-desk commune) or a workstation of a hall's hub. */
  hall: HallRoleConfig;
  /** This PC in a hall (hub or workstation); none = a single PC, as before. */
  replication?: ReplicationConfig;
}

export const DEFAULT_PORT = 8080;

const optionalText = z.string().optional();

/**
 * The parsed configuration, checked as a whole before the core starts: a bad value is refused here with a
 * Vietnamese message, not at the first dossier (a bad agency code used to surface as an English RangeError
 * from the dossier-code formatter). The provincial link and replication are checked by their own parsers.
 */
export const CoreConfigSchema = z.object({
  dataDir: z.string().min(1, 'Cần thư mục dữ liệu'),
  transport: z.enum(['electron', 'web']),
  agency: z.object({
    code: z.string().regex(AGENCY_CODE_PATTERN, 'Mã cơ quan phải có dạng QCVN 102, ví dụ 000.00.12.H56'),
    name: z.string().trim().min(1, 'Cần tên cơ quan'),
    parentName: z.string(),
  }),
  hub: z.object({
    host: z.string().min(1, 'Cần địa chỉ lắng nghe'),
    port: z
      .number({ error: 'Cổng phải là số' })
      .int('Cổng phải là số nguyên')
      .min(0, 'Cổng từ 0 đến 65535')
      .max(65535, 'Cổng từ 0 đến 65535'),
  }),
  devices: z.object({
    printer: optionalText,
    qrScanner: optionalText,
    hidReader: optionalText,
    readerScreen: optionalText,
    scanner: optionalText,
    pkcs11Module: optionalText,
    tsaUrl: z.url({ protocol: /^https?$/, error: 'Địa chỉ máy chủ dấu thời gian phải là http(s)://…' }).optional(),
  }),
  seedDemo: z.boolean(),
  privacy: z.object({ displayCitizenNames: z.boolean() }),
  station: z.number().int().refine(isValidHallStation, `Số máy trạm phải từ 0 đến ${MAX_HALL_STATIONS}`),
  formPrinter: z.string().optional(),
  place: z.string().trim().min(1, 'Cần địa danh ghi trên mẫu biểu'),
  formSet: optionalText,
  provincial: z.custom<ProvincialConfig>((value) => typeof value === 'object' && value !== null).optional(),
  hall: HallRoleConfigSchema,
  replication: z.custom<ReplicationConfig>((value) => typeof value === 'object' && value !== null).optional(),
}) satisfies z.ZodType<CoreConfig>;

const CONFIG_FIELDS: Readonly<Record<string, string>> = {
  dataDir: 'Thư mục dữ liệu',
  agency: 'Cơ quan',
  hub: 'Máy chủ',
  devices: 'Thiết bị',
  station: 'Máy trạm',
  place: 'Địa danh',
  formSet: 'Bộ mẫu biểu',
  hall: 'Vai trò trong sảnh',
};

/** Checks a configuration; the first problem is the message, every problem goes to `details`. */
export function parseCoreConfig(candidate: unknown): CoreConfig {
  const parsed = CoreConfigSchema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => {
    const field = CONFIG_FIELDS[String(issue.path[0])] ?? 'Cấu hình';
    return `${field}: ${issue.message}`;
  });
  throw new AppError('invalid_input', `Cấu hình không hợp lệ — ${issues[0] ?? 'không rõ lỗi'}.`, issues);
}

export function defaultConfig(overrides: Partial<CoreConfig> = {}): CoreConfig {
  return {
    dataDir: path.resolve('data'),
    transport: 'web',
    agency: {
      code: '000.00.12.H56',
      name: 'UBND phường Tân Định',
      parentName: 'UBND THÀNH PHỐ HỒ CHÍ MINH',
    },
    hub: { host: '0.0.0.0', port: DEFAULT_PORT },
    devices: {},
    seedDemo: true,
    privacy: { displayCitizenNames: false },
    station: 0,
    place: 'TP. Hồ Chí Minh',
    hall: HUB_ROLE,
    ...overrides,
  };
}

/** `npm run serve -- --port N --data DIR --host H --printer T --no-demo --display-names`. */
export function configFromArgs(argv: string[]): CoreConfig {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        printer: { type: 'string' },
        scanner: { type: 'string' },
        'pkcs11-module': { type: 'string' },
        'tsa-url': { type: 'string' },
        'agency-code': { type: 'string' },
        'agency-name': { type: 'string' },
        'no-demo': { type: 'boolean' },
        'display-names': { type: 'boolean' },
        station: { type: 'string' },
        'form-printer': { type: 'string' },
        place: { type: 'string' },
        'form-set': { type: 'string' },
        'qr-scanner': { type: 'string' },
        'hid-reader': { type: 'string' },
        'reader-screen': { type: 'string' },
        ...PROVINCIAL_OPTIONS,
        ...HALL_OPTIONS,
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new AppError('invalid_input', `Tham số dòng lệnh không hợp lệ: ${(error as Error).message}`);
  }
  const base = defaultConfig();
  const port = parsed.port === undefined ? DEFAULT_PORT : Number(parsed.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new AppError('invalid_input', `Cổng không hợp lệ: ${parsed.port}`);
  }
  return parseCoreConfig({
    ...base,
    dataDir: path.resolve(parsed.data ?? base.dataDir),
    hub: { host: parsed.host ?? base.hub.host, port },
    devices: {
      printer: parsed.printer,
      qrScanner: parsed['qr-scanner'],
      hidReader: parsed['hid-reader'],
      readerScreen: parsed['reader-screen'],
      scanner: parsed.scanner,
      pkcs11Module: parsed['pkcs11-module'],
      tsaUrl: parsed['tsa-url'],
    },
    agency: {
      ...base.agency,
      code: parsed['agency-code'] ?? base.agency.code,
      name: parsed['agency-name'] ?? base.agency.name,
    },
    seedDemo: !parsed['no-demo'],
    privacy: { displayCitizenNames: parsed['display-names'] === true },
    station: stationFrom(parsed.station),
    formPrinter: parsed['form-printer'],
    place: parsed.place ?? base.place,
    formSet: parsed['form-set'],
    provincial: provincialFromArgs(parsed, true),
    hall: hallFromArgs(parsed),
  });
}

/** Command-line options of the provincial link (serve and the sync CLI). */
export const PROVINCIAL_OPTIONS = {
  'provincial-url': { type: 'string' },
  'provincial-user': { type: 'string' },
  'provincial-password': { type: 'string' },
  'provincial-ca': { type: 'string' },
  'provincial-profile': { type: 'string' },
  'provincial-auth-path': { type: 'string' },
  'provincial-service-path': { type: 'string' },
  'provincial-dstcode': { type: 'string' },
  'public-file-url': { type: 'string' },
  'public-file-listen': { type: 'string' },
} as const;

type ProvincialArgs = { [K in keyof typeof PROVINCIAL_OPTIONS]?: string };

/** `dvcqg` (default) or `motcua`, and the paths, header and file listener of the link. */
function provincialDialect(
  values: ProvincialArgs,
): Pick<ProvincialConfig, 'profile' | 'authPath' | 'servicePath' | 'dstcode' | 'publicFiles'> {
  const profile = values['provincial-profile'] ?? 'dvcqg';
  if (profile !== 'dvcqg' && profile !== 'motcua')
    throw new AppError('invalid_input', `--provincial-profile phải là dvcqg hoặc motcua: ${profile}`);
  for (const name of ['provincial-auth-path', 'provincial-service-path'] as const) {
    const value = values[name];
    if (value !== undefined && !value.startsWith('/')) throw new AppError('invalid_input', `--${name} phải bắt đầu bằng "/": ${value}`);
  }
  const publicUrl = values['public-file-url'];
  if (publicUrl !== undefined && !/^https?:\/\//.test(publicUrl))
    throw new AppError('invalid_input', `--public-file-url phải là địa chỉ http(s): ${publicUrl}`);
  const listen = values['public-file-listen'];
  const m = listen === undefined ? null : /^(.+):(\d{1,5})$/.exec(listen);
  if (listen !== undefined && (!m || Number(m[2]) > 65535))
    throw new AppError('invalid_input', `--public-file-listen phải có dạng HOST:PORT: ${listen}`);
  return {
    profile,
    ...(values['provincial-auth-path'] ? { authPath: values['provincial-auth-path'] } : {}),
    ...(values['provincial-service-path'] ? { servicePath: values['provincial-service-path'] } : {}),
    ...(values['provincial-dstcode'] !== undefined ? { dstcode: values['provincial-dstcode'] } : {}),
    publicFiles: { ...(publicUrl ? { url: publicUrl } : {}), ...(m ? { host: m[1], port: Number(m[2]) } : {}) },
  };
}

/**
 * `--provincial-url URL [--provincial-user U --provincial-password P] [--provincial-ca CA.pem]
 *  [--provincial-profile dvcqg|motcua] [--provincial-auth-path /auth] [--provincial-service-path /service]
 *  [--provincial-dstcode CODE] [--public-file-url BASE] [--public-file-listen HOST:PORT]`;
 * the credentials may also come from MOTCUA_PROVINCIAL_USER / MOTCUA_PROVINCIAL_PASSWORD
 * (kept off the process list). Defaults match the emulator's first counter account.
 */
export function provincialFromArgs(values: ProvincialArgs, autoStart: boolean): ProvincialConfig | undefined {
  const url = values['provincial-url'];
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('scheme');
  } catch {
    throw new AppError('invalid_input', `Địa chỉ hệ thống tỉnh không hợp lệ: ${url}`);
  }
  return {
    url,
    username: values['provincial-user'] ?? process.env.MOTCUA_PROVINCIAL_USER ?? 'quay1',
    password: values['provincial-password'] ?? process.env.MOTCUA_PROVINCIAL_PASSWORD ?? 'matkhau1',
    ...(values['provincial-ca'] ? { caFile: path.resolve(values['provincial-ca']) } : {}),
    ...provincialDialect(values),
    autoStart,
  };
}

function stationFrom(text: string | undefined): number {
  if (text === undefined) return 0;
  const station = Number(text);
  // Dossier-code leases from the hub give each of up to 60 workstations its own numbers.
  if (!isValidHallStation(station)) {
    throw new AppError('invalid_input', `Số máy trạm phải từ 0 đến ${MAX_HALL_STATIONS}: ${text}`);
  }
  return station;
}
