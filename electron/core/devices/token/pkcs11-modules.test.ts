import { describe, expect, test } from 'vitest';
import { candidatePaths, discoverModules, loadModuleList } from './pkcs11-modules';

describe('PKCS#11 module list', () => {
  const list = loadModuleList();

  test('the bundled list names the common Vietnamese vendors', () => {
    const vendors = list.vendors.map((v) => v.vendor).join(' ');
    for (const v of ['Viettel', 'VNPT', 'BKAV', 'FPT']) expect(vendors).toContain(v);
  });

  test.each([
    ['win32', 'C:\\Windows\\System32\\viettel-ca_v6.dll'],
    ['win32', 'C:\\Windows\\System32\\vnptca_p11_v8.dll'],
    ['linux', '/usr/lib/softhsm/libsofthsm2.so'],
    ['darwin', '/usr/local/lib/viettel-ca_v6.dylib'],
  ] as const)('%s candidates include %s', (platform, expected) => {
    expect(candidatePaths(list, platform).map((c) => c.path)).toContain(expected);
  });

  test('discovery keeps the configured path first and only existing files', () => {
    const found = discoverModules({
      configured: '/opt/x.so',
      list,
      platform: 'linux',
      exists: (p) => p === '/usr/lib/softhsm/libsofthsm2.so',
    });
    expect(found.map((f) => f.path)).toEqual(['/opt/x.so', '/usr/lib/softhsm/libsofthsm2.so']);
  });

  test('finds the real SoftHSM2 module on this machine', () => {
    expect(discoverModules().some((m) => m.path.endsWith('libsofthsm2.so'))).toBe(true);
  });
});
