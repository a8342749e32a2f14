import { describe, expect, it } from 'vitest';
import { parsePrinterTarget } from './printer-target';

describe('parsePrinterTarget', () => {
  it.each([
    [undefined, { kind: 'simulated' }],
    ['off', { kind: 'off' }],
    ['tcp://192.168.1.50:9100', { kind: 'tcp', host: '192.168.1.50', port: 9100 }],
    ['tcp://printer.local:9100', { kind: 'tcp', host: 'printer.local', port: 9100 }],
    ['serial:/dev/ttyUSB0', { kind: 'serial', path: '/dev/ttyUSB0', baudRate: 9600 }],
    ['serial:COM3?baud=115200', { kind: 'serial', path: 'COM3', baudRate: 115200 }],
    ['file:/tmp/tickets.bin', { kind: 'file', path: '/tmp/tickets.bin' }],
  ])('%s', (value, target) => {
    expect(parsePrinterTarget(value)).toEqual(target);
  });

  it.each(['lpt1', 'tcp://host', 'tcp://host:70000', 'serial:/dev/ttyS0?baud=1234'])('refuses %s in Vietnamese', (value) => {
    expect(() => parsePrinterTarget(value)).toThrow(/không hợp lệ/);
  });
});
