import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testCore } from '../../../tests/support/core';
import { tempDir } from '../../../tests/support/temp-dir';
import { runChecks } from './health';
import { LineSplitter, parseSerialTarget } from './qr-scanner';

// The peer is a real pty pair from socat: what is written on one end arrives at the scanner's port.
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill();
});

async function ptyPair(): Promise<{ scanner: string; peer: string }> {
  const dir = tempDir();
  const scanner = path.join(dir, 'ttyScanner');
  const peer = path.join(dir, 'ttyPeer');
  children.push(spawn('socat', [`pty,raw,echo=0,link=${scanner}`, `pty,raw,echo=0,link=${peer}`], { stdio: 'ignore' }));
  for (let i = 0; i < 100 && !(fs.existsSync(scanner) && fs.existsSync(peer)); i++) await new Promise((r) => setTimeout(r, 20));
  return { scanner, peer };
}

async function until<T>(get: () => T | undefined, ms = 3000): Promise<T> {
  for (const started = Date.now(); Date.now() - started < ms; await new Promise((r) => setTimeout(r, 20))) {
    const v = get();
    if (v !== undefined) return v;
  }
  throw new Error('timed out');
}

describe('serial QR scanner', () => {
  it.each([
    ['serial:/dev/ttyUSB0', { path: '/dev/ttyUSB0', baudRate: 9600 }],
    ['serial:COM3?baud=115200', { path: 'COM3', baudRate: 115200 }],
    ['tcp://x:1', null],
  ])('target %s', (text, target) => expect(parseSerialTarget(text)).toEqual(target));

  it('splits lines on CR/LF and never breaks a UTF-8 letter split across reads', () => {
    const s = new LineSplitter();
    const bytes = Buffer.from('Nguyễn|Đào\r\nabc\n', 'utf8');
    const cut = bytes.indexOf(Buffer.from('ễ')) + 1; // inside the 3-byte letter
    expect(s.push(bytes.subarray(0, cut))).toEqual([]);
    expect(s.push(bytes.subarray(cut))).toEqual(['Nguyễn|Đào', 'abc']);
  });

  it('reads a chip ID card QR from a socat pty and publishes it; another code is a barcode read', async () => {
    const { scanner, peer } = await ptyPair();
    const core = testCore({ devices: { qrScanner: `serial:${scanner}?baud=9600` } });
    try {
      const events: { source: string; result?: { ok: boolean; applicant?: { fullName: string }; error?: string }; text?: string }[] = [];
      core.bus.subscribe((event, payload) => {
        if (event === 'dossier.qrScanned' || event === 'dossier.barcodeScanned') events.push(payload as (typeof events)[number]);
      });
      const health = async () => (await runChecks(core.health)).find((c) => c.id === 'qr-scanner');
      for (let i = 0; i < 100 && (await health())?.status !== 'ok'; i++) await new Promise((r) => setTimeout(r, 20));
      expect((await health())?.status).toBe('ok');

      const peerFd = fs.openSync(peer, 'w');
      const qr = Buffer.from('079090001234|025123456|Nguyễn Văn An|01021990|Nam|12 Lê Lợi, TP. Hồ Chí Minh|15082021|\r', 'utf8');
      fs.writeSync(peerFd, qr.subarray(0, 40));
      await new Promise((r) => setTimeout(r, 30));
      fs.writeSync(peerFd, qr.subarray(40));
      fs.writeSync(peerFd, Buffer.from('https://example.vn/not-a-card\r\n'));
      fs.closeSync(peerFd);

      await until(() => (events.length >= 2 ? true : undefined));
      expect(events[0]).toMatchObject({ source: scanner, result: { ok: true, applicant: { fullName: 'Nguyễn Văn An' } } });
      // Not a chip ID card: a barcode read (one source of reads with HID-POS, issue #15), for the same screen.
      expect(events[1]).toEqual({ source: scanner, text: 'https://example.vn/not-a-card', screen: { kind: 'staff' } });
    } finally {
      await core.close();
    }
  });

  it('doctor reports a scanner port that cannot be opened, in Vietnamese', async () => {
    const core = testCore({ devices: { qrScanner: 'serial:/nonexistent/ttyQR' } });
    try {
      let check;
      for (let i = 0; i < 50; i++) {
        check = (await runChecks(core.health)).find((c) => c.id === 'qr-scanner');
        if (check?.detail.includes('Không mở được')) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(check).toMatchObject({ status: 'error', detail: expect.stringContaining('Không mở được /nonexistent/ttyQR') });
    } finally {
      await core.close();
    }
  });
});
