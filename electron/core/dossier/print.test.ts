import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/temp-dir';
import { OsPrinter, buildPrintCommand, commandLine } from './print';

// No printer exists on the build machines: the command lines are checked here, and the runner is checked
// against a stand-in `lp` on PATH that records what it was given.
describe('OS printing', () => {
  it.each([
    ['linux', {}, 'lp -n 1 -o media=A4 -o fit-to-page -- /data/files/ab/abc'],
    ['linux', { printer: 'HP_LaserJet', copies: 2 }, 'lp -d HP_LaserJet -n 2 -o media=A4 -o fit-to-page -- /data/files/ab/abc'],
    ['darwin', { copies: 9 }, 'lp -n 5 -o media=A4 -o fit-to-page -- /data/files/ab/abc'],
  ] as const)('%s %j', (platform, options, expected) => {
    expect(commandLine(buildPrintCommand(platform, '/data/files/ab/abc', options))).toBe(expected);
  });

  it('Windows goes through PowerShell PrintTo with the printer name quoted', () => {
    const cmd = buildPrintCommand('win32', 'C:\\Một Cửa\\files\\ab\\abc', { printer: "Canon LBP 'A'", copies: 2 });
    expect(cmd.command).toBe('powershell.exe');
    expect(cmd.args.slice(0, 3)).toEqual(['-NoProfile', '-NonInteractive', '-Command']);
    expect(cmd.args[3]).toBe(
      "Start-Process -FilePath 'C:\\Một Cửa\\files\\ab\\abc' -Verb PrintTo -ArgumentList 'Canon LBP ''A''' -WindowStyle Hidden -Wait; " +
        "Start-Process -FilePath 'C:\\Một Cửa\\files\\ab\\abc' -Verb PrintTo -ArgumentList 'Canon LBP ''A''' -WindowStyle Hidden -Wait",
    );
  });

  it('runs lp and reports success or the printer error in Vietnamese', async () => {
    const bin = tempDir();
    const log = path.join(bin, 'args.txt');
    fs.writeFileSync(
      path.join(bin, 'lp'),
      `#!/bin/sh\nprintf '%s\\n' "$@" > ${log}\n[ "$2" = "broken" ] && { echo "lp: The printer or class does not exist." >&2; exit 1; }\necho "request id is PDF-12 (1 file(s))"\n`,
      { mode: 0o755 },
    );
    const saved = process.env.PATH;
    process.env.PATH = `${bin}:${saved}`;
    try {
      const ok = await new OsPrinter({ printer: 'Office' }, 'linux').print('/tmp/receipt.pdf', { copies: 2 });
      expect(ok).toMatchObject({ printed: true, message: 'Đã gửi lệnh in: request id is PDF-12 (1 file(s)).' });
      expect(fs.readFileSync(log, 'utf8').trim().split('\n')).toEqual([
        '-d',
        'Office',
        '-n',
        '2',
        '-o',
        'media=A4',
        '-o',
        'fit-to-page',
        '--',
        '/tmp/receipt.pdf',
      ]);
      const bad = await new OsPrinter({ printer: 'broken' }, 'linux').print('/tmp/receipt.pdf');
      expect(bad.printed).toBe(false);
      expect(bad.message).toContain('Máy in báo lỗi (mã 1): lp: The printer or class does not exist.');
    } finally {
      process.env.PATH = saved;
    }
    process.env.PATH = bin.replace(/.*/, '/nonexistent');
    try {
      const missing = await new OsPrinter({}, 'linux').print('/tmp/receipt.pdf');
      expect(missing).toMatchObject({ printed: false });
      expect(missing.message).toContain('chưa cài lệnh in "lp"');
    } finally {
      process.env.PATH = saved;
    }
  });
});
