import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Issue 12 ("one clock"): the UTC+7 offset is written once, in shared/vn-time.ts; a file with its own
// offset fails this test.
const KNOWN_DUPLICATES: string[] = [];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(p);
    return /\.tsx?$/.test(e.name) && !/\.(test|spec)\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe('one place for the Vietnam offset', () => {
  it('no other source computes UTC+7 by hand', () => {
    const offset = /\b7 \* (3600|60 \* 60)|\b25_?200_?000\b|\b7 \* 60\b/;
    const found = ['shared', 'electron', 'renderer'].flatMap(sources).filter((f) => offset.test(fs.readFileSync(f, 'utf8')));
    expect(found.map((f) => f.split(path.sep).join('/')).sort()).toEqual([...KNOWN_DUPLICATES, 'shared/vn-time.ts'].sort());
  });
});
