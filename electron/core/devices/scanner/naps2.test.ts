import { expect, test } from 'vitest';
import { DEFAULT_PROFILE } from '../../../../shared/digitize-rules';
import { naps2Args, parseNaps2Device } from './naps2';
import { esclStatusError, scanSettingsXml } from './escl';

// NAPS2 runs only on Windows: its command line is what we can check here.
test.each([
  [
    'wia:Canon DR-C225',
    { ...DEFAULT_PROFILE, source: 'feeder' },
    [
      '--noprofile',
      '--driver',
      'wia',
      '--device',
      'Canon DR-C225',
      '--source',
      'feeder',
      '--dpi',
      '200',
      '--bitdepth',
      'color',
      '--pagesize',
      'a4',
      '--jpegquality',
      '85',
      '--force',
      '-o',
      'C:\\Temp\\s\\page-$(nnnn).jpg',
    ],
  ],
  [
    'twain:Fujitsu fi-7160',
    { ...DEFAULT_PROFILE, source: 'duplex', resolution: 300, colorMode: 'gray' },
    [
      '--noprofile',
      '--driver',
      'twain',
      '--device',
      'Fujitsu fi-7160',
      '--source',
      'duplex',
      '--dpi',
      '300',
      '--bitdepth',
      'gray',
      '--pagesize',
      'a4',
      '--jpegquality',
      '85',
      '--force',
      '-o',
      'C:\\Temp\\s\\page-$(nnnn).jpg',
    ],
  ],
  [
    'wia',
    { ...DEFAULT_PROFILE },
    [
      '--noprofile',
      '--driver',
      'wia',
      '--source',
      'glass',
      '--dpi',
      '200',
      '--bitdepth',
      'color',
      '--pagesize',
      'a4',
      '--jpegquality',
      '85',
      '--force',
      '-o',
      'C:\\Temp\\s\\page-$(nnnn).jpg',
    ],
  ],
] as const)('NAPS2 command line for %s', (device, profile, expected) => {
  expect(naps2Args(device, profile, 'C:\\Temp\\s')).toEqual(expected);
});

test('NAPS2 device ids keep colons in names', () => {
  expect(parseNaps2Device('twain:HP:Scanjet')).toEqual({ driver: 'twain', device: 'HP:Scanjet' });
});

test('eSCL settings and status', () => {
  const xml = scanSettingsXml({ ...DEFAULT_PROFILE, source: 'duplex', colorMode: 'gray', resolution: 300 });
  expect(xml).toContain('<pwg:InputSource>Feeder</pwg:InputSource>');
  expect(xml).toContain('<scan:Duplex>true</scan:Duplex>');
  expect(xml).toContain('<scan:ColorMode>Grayscale8</scan:ColorMode>');
  expect(xml).toContain('<pwg:Width>2480</pwg:Width>'); // 210 mm in 1/300 inch
  expect(esclStatusError('<scan:AdfState>ScannerAdfJam</scan:AdfState>', 3)?.message).toMatch(/kẹt giấy.*3 trang/);
  expect(esclStatusError('<scan:AdfState>ScannerAdfEmpty</scan:AdfState>', 0)?.message).toMatch(/trống/);
  expect(esclStatusError('<scan:AdfState>ScannerAdfEmpty</scan:AdfState>', 2)).toBeNull();
});
