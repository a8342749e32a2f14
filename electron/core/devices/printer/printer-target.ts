import { AppError } from '../../../../shared/contract';

/** Where tickets go: `tcp://HOST:PORT`, `serial:PATH[?baud=N]`, `file:PATH`, `off`; none = the demo printer. */
export type PrinterTarget =
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'serial'; path: string; baudRate: number }
  | { kind: 'file'; path: string }
  | { kind: 'simulated' }
  | { kind: 'off' };

export function parsePrinterTarget(value: string | undefined): PrinterTarget {
  if (value === undefined || value === '' || value === 'demo') return { kind: 'simulated' };
  if (value === 'off' || value === 'none') return { kind: 'off' };
  const tcp = /^tcp:\/\/([^:/]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(value);
  if (tcp) {
    const port = Number(tcp[2]);
    if (port < 1 || port > 65535) throw new AppError('invalid_input', `Cổng máy in không hợp lệ: ${tcp[2]}`);
    return { kind: 'tcp', host: tcp[1]!.replace(/^\[|\]$/g, ''), port };
  }
  const serial = /^serial:([^?]+)(?:\?baud=(\d+))?$/.exec(value);
  if (serial) {
    const baudRate = serial[2] ? Number(serial[2]) : 9600;
    if (![1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200].includes(baudRate)) {
      throw new AppError('invalid_input', `Tốc độ cổng nối tiếp không hợp lệ: ${serial[2]}`);
    }
    return { kind: 'serial', path: serial[1]!, baudRate };
  }
  const file = /^file:(.+)$/.exec(value);
  if (file) return { kind: 'file', path: file[1]! };
  throw new AppError(
    'invalid_input',
    `Máy in không hợp lệ: "${value}". Dùng tcp://HOST:CỔNG, serial:ĐƯỜNG_DẪN[?baud=N], file:ĐƯỜNG_DẪN hoặc off.`,
  );
}

export function describeTarget(target: PrinterTarget): string {
  switch (target.kind) {
    case 'tcp':
      return `tcp://${target.host}:${target.port}`;
    case 'serial':
      return `serial:${target.path}?baud=${target.baudRate}`;
    case 'file':
      return `file:${target.path}`;
    case 'simulated':
      return 'máy in mô phỏng – demo';
    case 'off':
      return 'không dùng máy in';
  }
}
