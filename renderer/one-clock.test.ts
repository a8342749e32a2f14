import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Issue #13 "one clock": i18n's formatDateTime, the sync panel, the hall board's clock and the statistics'
// "today" each formatted Vietnam time with their own Intl + 'Asia/Ho_Chi_Minh'; they use shared/vn-time.ts.
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !/\.(test|spec)\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe('the renderer reads Vietnam time from shared/vn-time.ts only', () => {
  it('no renderer source formats dates or times with its own time zone or Intl date formatter', () => {
    const own = /Asia\/Ho_Chi_Minh|Intl\.DateTimeFormat|toLocale(Time|Date)String/;
    const found = sources(path.join(__dirname)).filter((f) => own.test(fs.readFileSync(f, 'utf8')));
    expect(found.map((f) => path.relative(__dirname, f).split(path.sep).join('/')).sort()).toEqual([]);
  });
});
