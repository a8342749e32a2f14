/** Pure parsing of `scanimage` output, and its errors in Vietnamese. */
import { AppError } from '../../../../shared/contract';
import { PAGE_SIZES, type ScanProfile } from '../../../../shared/digitize-rules';

export interface SaneOption {
  name: string;
  /** Listed values (`Gray|Color`), or a numeric range. */
  values?: string[];
  range?: { min: number; max: number; unit: string };
  current?: string;
  inactive: boolean;
}

/** Parses `scanimage -d DEV --all-options`. */
export function parseAllOptions(text: string): SaneOption[] {
  const options: SaneOption[] = [];
  const re = /^\s{4}(--?[a-z0-9-]+)(?:\[=\(([^)]*)\)\]|\s+(.*?))?\s+\[([^\]]*)\]\s*$/;
  for (const line of text.split('\n')) {
    const m = re.exec(line);
    if (!m) continue;
    const [, flag = '', boolValues, spec, current = ''] = m;
    const name = flag.replace(/^-+/, '');
    const option: SaneOption = { name, current: current === 'inactive' ? undefined : current, inactive: current === 'inactive' };
    const range = spec ? /^(-?[\d.]+)\.\.(-?[\d.]+)([a-z%]*)/.exec(spec) : null;
    if (range) option.range = { min: Number(range[1]), max: Number(range[2]), unit: range[3] ?? '' };
    else if (spec) option.values = spec.split('|').map((v) => v.trim());
    else if (boolValues) option.values = boolValues.split('|');
    options.push(option);
  }
  return options;
}

/** Parses `scanimage -f '%d|%v %m%n'`. */
export function parseDeviceList(text: string): { id: string; name: string }[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [id = '', name = ''] = l.split('|');
      return { id, name: name.trim() || id };
    })
    .filter((d) => d.id);
}

const MODE_NAMES = { color: /^colou?r$|^24bit/i, gray: /^gr[ae]y/i, bw: /lineart|binary|black/i } as const;
const SOURCE_NAMES = { flatbed: /flatbed|platen|glass/i, feeder: /feeder|adf/i, duplex: /duplex/i } as const;

/** scanimage arguments for a profile, matched against the device's own option values. */
export function profileArgs(profile: ScanProfile, options: SaneOption[]): string[] {
  const args: string[] = [];
  const find = (name: string) => options.find((o) => o.name === name && !o.inactive);
  const mode = find('mode');
  const modeValue = mode?.values?.find((v) => MODE_NAMES[profile.colorMode].test(v));
  if (modeValue) args.push('--mode', modeValue);
  const res = find('resolution');
  if (res) {
    let r = profile.resolution;
    if (res.range) r = Math.max(res.range.min, Math.min(res.range.max, r));
    else if (res.values?.length) {
      const list = res.values.map((v) => Number.parseInt(v, 10)).filter(Number.isFinite);
      r = list.reduce((best, v) => (Math.abs(v - r) < Math.abs(best - r) ? v : best), list[0] ?? r);
    }
    args.push('--resolution', String(r));
  }
  const source = find('source');
  const sourceValue =
    profile.source === 'feeder'
      ? source?.values?.find((v) => SOURCE_NAMES.feeder.test(v) && !SOURCE_NAMES.duplex.test(v))
      : source?.values?.find((v) => SOURCE_NAMES[profile.source].test(v));
  if (sourceValue) args.push('--source', sourceValue);
  const [w, h] = PAGE_SIZES[profile.pageSize];
  const x = find('x');
  const y = find('y');
  if (x?.range) args.push('-x', String(Math.min(w, x.range.max)));
  if (y?.range) args.push('-y', String(Math.min(h, y.range.max)));
  return args;
}

/** The scanner's complaint in plain Vietnamese; null when the batch simply ended. */
export function saneError(stderr: string, pagesSoFar: number, exitCode: number | null = 1): AppError | null {
  const has = (re: RegExp) => re.test(stderr);
  if (has(/out of documents|no docs/i)) {
    return pagesSoFar > 0 ? null : new AppError('device_error', 'Khay nạp giấy của máy quét đang trống: hãy đặt giấy vào rồi quét lại.');
  }
  if (has(/jammed/i))
    return new AppError('device_error', `Máy quét bị kẹt giấy. Đã giữ lại ${pagesSoFar} trang đã quét; gỡ giấy kẹt rồi quét tiếp.`);
  if (has(/cover (is )?open/i)) return new AppError('device_error', 'Nắp máy quét đang mở: hãy đóng nắp rồi quét lại.');
  if (has(/device busy/i)) return new AppError('device_error', 'Máy quét đang bận (có thể một chương trình khác đang dùng).');
  if (has(/invalid argument|no such device|open of device .* failed/i))
    return new AppError('device_error', `Không mở được máy quét. Kiểm tra máy quét đã bật và cắm cáp. Đã giữ lại ${pagesSoFar} trang.`);
  if (has(/error during device i\/o|i\/o error|access to resource has been denied/i))
    return new AppError('device_error', `Mất kết nối với máy quét. Đã giữ lại ${pagesSoFar} trang đã quét.`);
  // scanimage can exit 0 after a device error (a SIGPIPE while aborting): the
  // known complaints above count whatever the exit code; anything else only on failure.
  if (exitCode !== 0 && stderr.trim())
    return new AppError('device_error', `Máy quét báo lỗi. Đã giữ lại ${pagesSoFar} trang đã quét.`, [
      stderr.trim().split('\n').slice(-2).join(' '),
    ]);
  return null;
}
