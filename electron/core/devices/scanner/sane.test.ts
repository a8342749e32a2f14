import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { DEFAULT_PROFILE } from '../../../../shared/digitize-rules';
import { tempDir } from '../../../../tests/support/temp-dir';
import { SaneDriver } from './sane';

/** A shell script standing in for scanimage: `--all-options` lists nothing; a scan runs `scanLines`. */
function standInScanimage(scanLines: string[]): string {
  const bin = path.join(tempDir(), 'scanimage');
  fs.writeFileSync(bin, ['#!/bin/sh', 'case "$*" in *--all-options*) exit 0;; esac', ...scanLines].join('\n'), { mode: 0o755 });
  return bin;
}

/**
 * Scans one page, prints scanimage's last batch lines, then never exits: what the SANE test backend
 * did in 1 of 60 runs on a busy machine (repro of the CI timeout "a jammed feeder gives a Vietnamese
 * error…": the real scanimage hung in the backend's close after "Batch terminated").
 */
function hangingScanimage(stderrTail: string): string {
  return standInScanimage([
    'for a; do case "$a" in --batch=*) pattern="${a#--batch=}";; esac; done',
    'file=$(printf "$pattern" 1)',
    'printf "page" > "$file"',
    'echo "$file"',
    `printf '%s\\n' ${stderrTail} >&2`,
    "trap '' INT",
    'exec sleep 60',
  ]);
}

test.each([
  ['a jam', `'scanimage: sane_read: Document feeder jammed' 'Batch terminated, 1 page scanned'`, /kẹt giấy/],
  ['the feeder running empty', `'scanimage: sane_start: Document feeder out of documents' 'Batch terminated, 1 page scanned'`, null],
  // A flatbed's one page: nothing in stderr says how it ended, so the kill's own exit must not read as an error.
  ['one flatbed page', `'Scanned page 1. (scanner status = 5)' 'Batch terminated, 1 page scanned'`, null],
])(
  'a scanimage that hangs after the batch ended (%s) is stopped, keeping its page and its message',
  async (_case, tail, message) => {
    const driver = new SaneDriver({ scanimage: hangingScanimage(tail), closeGraceMs: 200 });
    const pages: number[] = [];
    const result = await driver.scan('test:0', { ...DEFAULT_PROFILE, source: 'feeder' }, async (page) => {
      pages.push(page.bytes.length);
    });
    expect(pages).toEqual([4]);
    expect(result.pages).toBe(1);
    if (message) expect(result.error?.message).toMatch(message);
    else expect(result.error).toBeUndefined();
  },
  10_000,
);

test('a scanimage that ignores the cancel is stopped, and the scan says cancelled', async () => {
  const driver = new SaneDriver({ scanimage: hangingScanimage(`'Scanning page 2'`), closeGraceMs: 200 });
  const abort = new AbortController();
  const result = await driver.scan('test:0', { ...DEFAULT_PROFILE, source: 'feeder' }, async () => abort.abort(), abort.signal);
  expect(result).toMatchObject({ cancelled: true });
}, 10_000);

// The watchdog starts only once the batch is over: a slow device that is still working is never cut short,
// and its own exit code still counts.
test('a slow scan that has not ended its batch is not stopped, and its failure is reported', async () => {
  const bin = standInScanimage(['echo "Scanning page 1" >&2', 'sleep 0.6', 'echo "scanimage: the lamp did not warm up" >&2', 'exit 1']);
  const driver = new SaneDriver({ scanimage: bin, closeGraceMs: 200 });
  const result = await driver.scan('test:0', { ...DEFAULT_PROFILE, source: 'feeder' }, async () => undefined);
  expect(result.error?.message).toMatch(/Máy quét báo lỗi/);
  expect(result.error?.details?.join(' ')).toMatch(/lamp/);
}, 10_000);
