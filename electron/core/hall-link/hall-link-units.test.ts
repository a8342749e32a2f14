import { describe, expect, it } from 'vitest';
import { hallFromArgs } from './hall-config';
import { VaultCredentialStore, type HallCredential, type SecretVault } from './hall-credential';
import { fingerprintPin, joinCode, parseJoinCode } from './hub-tls';

const FINGERPRINT = 'f41cacf6fc02f7d92e3320de3408e90282d0295c9fcf318e3d764e2cae62e9e4';

describe('join codes', () => {
  it('carry the 8-digit pairing code and 80 bits of the certificate fingerprint, read back however they are typed', () => {
    const shown = joinCode('1234 5678', FINGERPRINT);
    expect(shown).toBe('1234 5678 · YGEA SXQW 0BVX JBHK');
    expect(parseJoinCode(shown)).toEqual({ code: '12345678', pin: 'YGEASXQW0BVXJBHK' });
    // Lower case, dashes, and the letters people confuse with digits (O for 0, I/L for 1).
    expect(parseJoinCode('12345678-ygea-sxqw-obvx-jbhk')).toEqual({ code: '12345678', pin: 'YGEASXQW0BVXJBHK' });
    expect(parseJoinCode('1234 5678')).toBeNull();
    expect(parseJoinCode(`1234 5678 ${fingerprintPin(FINGERPRINT).slice(0, 15)}`)).toBeNull();
  });
});

describe('hall role from the command line', () => {
  it('is a hub by default, a workstation with --hall-hub, and refuses a plain-HTTP hub address in Vietnamese', () => {
    expect(hallFromArgs({})).toEqual({ role: 'hub', tlsPort: 8443 });
    expect(hallFromArgs({ 'tls-port': 'off' })).toEqual({ role: 'hub', tlsPort: null });
    expect(hallFromArgs({ 'hall-hub': 'https://192.168.1.10:8443' })).toEqual({
      role: 'workstation',
      hubUrl: 'https://192.168.1.10:8443',
      reportEveryMs: 30_000,
    });
    expect(() => hallFromArgs({ 'hall-hub': 'http://192.168.1.10:8080' })).toThrow('Địa chỉ máy chủ sảnh phải là https://MÁY:CỔNG');
    expect(() => hallFromArgs({ 'tls-port': '70000' })).toThrow('Cổng HTTPS không hợp lệ');
  });
});

describe('Electron credential store', () => {
  it('keeps the whole pairing in the key store under the hub origin and forgets it', () => {
    const sealed = new Map<string, string>();
    const vault: SecretVault = {
      save: (origin, secret) => void sealed.set(origin, Buffer.from(secret).toString('base64')),
      load: (origin) => (sealed.has(origin) ? Buffer.from(sealed.get(origin) ?? '', 'base64').toString() : undefined),
      forget: (origin) => void sealed.delete(origin),
    };
    const store = new VaultCredentialStore(vault, 'https://10.0.0.2:8443');
    const credential: HallCredential = {
      hubUrl: 'https://10.0.0.2:8443',
      certPem: '-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n',
      fingerprint: FINGERPRINT,
      credential: 'mcd_secret',
      deviceId: 'd1',
      name: 'Quầy 1',
      joinedAt: '2026-12-01T00:00:00.000Z',
    };
    expect(store.load()).toBeNull();
    store.save(credential);
    expect(store.load()).toEqual(credential);
    expect([...sealed.keys()]).toEqual(['https://10.0.0.2:8443']);
    store.forget();
    expect(store.load()).toBeNull();
  });
});
