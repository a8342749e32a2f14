import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/contract';
import { configFromArgs, defaultConfig, parseCoreConfig } from './config';

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('CoreConfig schema', () => {
  it('accepts the defaults and a full command line', () => {
    expect(parseCoreConfig(defaultConfig()).agency.code).toBe('000.00.12.H56');
    const config = configFromArgs(['--port', '0', '--agency-code', '000.00.31.H29', '--station', '7', '--no-demo']);
    expect(config.agency.code).toBe('000.00.31.H29');
    expect(config.station).toBe(7);
    expect(config.hub.port).toBe(0);
    expect(config.seedDemo).toBe(false);
  });

  // Repro: `--agency-code abc` was accepted and the first receive failed with the formatter's English
  // RangeError ("agency code not QCVN 102 shaped"); now the configuration is refused up front, in Vietnamese.
  it('refuses an agency code that is not QCVN 102 shaped, in Vietnamese, before the core starts', () => {
    const error = refusal(() => configFromArgs(['--agency-code', 'abc']));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/^Cấu hình không hợp lệ — Cơ quan: Mã cơ quan phải có dạng QCVN 102/);
    expect(error.message).not.toMatch(/RangeError|expected|Invalid/);
  });

  it('names every problem of a hand-made configuration in Vietnamese', () => {
    const error = refusal(() => parseCoreConfig({ ...defaultConfig(), place: ' ', hub: { host: '', port: 70000 } }));
    expect(error.details).toEqual([
      'Máy chủ: Cần địa chỉ lắng nghe',
      'Máy chủ: Cổng từ 0 đến 65535',
      'Địa danh: Cần địa danh ghi trên mẫu biểu',
    ]);
    expect(refusal(() => parseCoreConfig({ ...defaultConfig(), devices: { tsaUrl: 'ftp://x' } })).message).toContain(
      'Thiết bị: Địa chỉ máy chủ dấu thời gian',
    );
  });
});
