import { describe, expect, test } from 'vitest';
import { DEFAULT_PROFILE } from '../../../../shared/digitize-rules';
import { parseAllOptions, parseDeviceList, profileArgs, saneError } from './sane-parse';

const TEST_BACKEND = `
All options specific to device \`test:0':
  Scan Mode:
    --mode Gray|Color [Gray]
        Selects the scan mode (e.g., lineart, monochrome, or color).
    --depth 1|8|16 [8]
    --hand-scanner[=(yes|no)] [no]
    --three-pass-order RGB|RBG|GBR|GRB|BRG|BGR [inactive]
    --resolution 1..1200dpi (in steps of 1) [50]
    --source Flatbed|Automatic Document Feeder [Flatbed]
  Geometry:
    -l 0..200mm (in steps of 1) [0]
    -x 0..200mm (in steps of 1) [80]
    -y 0..200mm (in steps of 1) [100]
`;

const EPSON = `
    --mode Lineart|Gray|Color [Lineart]
    --resolution 75|150|300|600dpi [75]
    --source Flatbed|ADF Front|ADF Duplex [Flatbed]
    -x 0..215.9mm [215.9]
    -y 0..355.6mm [297]
`;

describe('parseAllOptions', () => {
  const opts = parseAllOptions(TEST_BACKEND);
  test('values, ranges, defaults and inactive options', () => {
    expect(opts.find((o) => o.name === 'mode')).toMatchObject({ values: ['Gray', 'Color'], current: 'Gray', inactive: false });
    expect(opts.find((o) => o.name === 'resolution')?.range).toEqual({ min: 1, max: 1200, unit: 'dpi' });
    expect(opts.find((o) => o.name === 'source')?.values).toEqual(['Flatbed', 'Automatic Document Feeder']);
    expect(opts.find((o) => o.name === 'three-pass-order')?.inactive).toBe(true);
    expect(opts.find((o) => o.name === 'hand-scanner')?.values).toEqual(['yes', 'no']);
    expect(opts.find((o) => o.name === 'y')?.range?.max).toBe(200);
  });
});

describe('profileArgs', () => {
  test.each([
    [TEST_BACKEND, { ...DEFAULT_PROFILE }, ['--mode', 'Color', '--resolution', '200', '--source', 'Flatbed', '-x', '200', '-y', '200']],
    [
      TEST_BACKEND,
      { ...DEFAULT_PROFILE, source: 'feeder', colorMode: 'gray' },
      ['--mode', 'Gray', '--resolution', '200', '--source', 'Automatic Document Feeder', '-x', '200', '-y', '200'],
    ],
    [
      EPSON,
      { ...DEFAULT_PROFILE, resolution: 200, source: 'duplex' },
      ['--mode', 'Color', '--resolution', '150', '--source', 'ADF Duplex', '-x', '210', '-y', '297'],
    ],
    [
      EPSON,
      { ...DEFAULT_PROFILE, source: 'feeder', colorMode: 'bw', pageSize: 'Legal' },
      ['--mode', 'Lineart', '--resolution', '150', '--source', 'ADF Front', '-x', '215.9', '-y', '355.6'],
    ],
  ] as const)('profile → args %#', (text, profile, expected) => {
    expect(profileArgs(profile, parseAllOptions(text))).toEqual(expected);
  });
});

test('parseDeviceList', () => {
  expect(parseDeviceList('test:0|Noname frontend-tester\nepson2:net:10.0.0.5|Epson DS-530\n\n')).toEqual([
    { id: 'test:0', name: 'Noname frontend-tester' },
    { id: 'epson2:net:10.0.0.5', name: 'Epson DS-530' },
  ]);
});

describe('saneError', () => {
  test.each([
    ['scanimage: sane_start: Document feeder out of documents', 3, null],
    ['scanimage: sane_start: Document feeder out of documents', 0, /Khay nạp giấy/],
    ['scanimage: sane_read: Document feeder jammed', 2, /kẹt giấy. Đã giữ lại 2 trang/],
    ['scanimage: sane_start: Scanner cover is open', 0, /Nắp máy quét/],
    ['scanimage: open of device x failed: Invalid argument', 0, /Không mở được/],
    ['scanimage: sane_read: Error during device I/O', 4, /Mất kết nối.*4 trang/],
    ['', 0, null],
  ] as const)('%s', (stderr, pages, expected) => {
    const e = saneError(stderr, pages);
    if (expected === null) expect(e).toBeNull();
    else expect(e?.message).toMatch(expected);
  });
  test.each([
    ['Scanning page 1\nScanned page 1. (scanner status = 5)\nBatch terminated, 1 page scanned', 0, 1, null],
    ['Scanning page 1\nscanimage: sane_read: Document feeder jammed\nscanimage: received signal 13\nscanimage: aborting', 0, 0, /kẹt giấy/],
    ['scanimage: something odd', 1, 0, /Máy quét báo lỗi/],
    ['scanimage: something odd', 0, 0, null],
  ] as const)('with exit code: %s', (stderr, code, pages, expected) => {
    const e = saneError(stderr, pages, code);
    if (expected === null) expect(e).toBeNull();
    else expect(e?.message).toMatch(expected);
  });
});
