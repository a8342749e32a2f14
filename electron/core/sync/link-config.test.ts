import { describe, expect, it } from 'vitest';
import { provincialFromArgs } from '../config';

describe('provincial link options', () => {
  it('defaults to the dvcqg profile with the usual paths left to the adapter', () => {
    expect(provincialFromArgs({ 'provincial-url': 'https://lgsp.example.vn' }, true)).toMatchObject({ profile: 'dvcqg', publicFiles: {} });
  });

  it('takes the profile, paths, dstcode and the file listener', () => {
    const c = provincialFromArgs(
      {
        'provincial-url': 'https://lgsp.example.vn/dvcqg',
        'provincial-profile': 'motcua',
        'provincial-auth-path': '/xac-thuc',
        'provincial-service-path': '/dich-vu',
        'provincial-dstcode': 'H56',
        'public-file-url': 'https://tep.example.vn',
        'public-file-listen': '0.0.0.0:8443',
      },
      false,
    );
    expect(c).toMatchObject({
      profile: 'motcua',
      authPath: '/xac-thuc',
      servicePath: '/dich-vu',
      dstcode: 'H56',
      publicFiles: { url: 'https://tep.example.vn', host: '0.0.0.0', port: 8443 },
    });
  });

  it.each([
    [{ 'provincial-profile': 'soap' }, '--provincial-profile phải là dvcqg hoặc motcua: soap'],
    [{ 'provincial-auth-path': 'auth' }, '--provincial-auth-path phải bắt đầu bằng "/": auth'],
    [{ 'public-file-url': 'tep.example.vn' }, '--public-file-url phải là địa chỉ http(s): tep.example.vn'],
    [{ 'public-file-listen': '8443' }, '--public-file-listen phải có dạng HOST:PORT: 8443'],
  ])('refuses %j in Vietnamese', (bad, message) => {
    expect(() => provincialFromArgs({ 'provincial-url': 'https://lgsp.example.vn', ...bad }, false)).toThrow(message);
  });
});
