/**
 * Other programs' verdicts on a PDF, for tests that must agree with them:
 * poppler (pdfsig, pdfinfo, pdftoppm), MuPDF (`mutool sign -v`, `mutool info`)
 * and qpdf (`--check`). Each answers a plain value; the raw output is kept for
 * failure messages.
 */
import { execFileSync, spawnSync } from 'node:child_process';

export function run(cmd: string, args: string[], input?: Uint8Array | string): { code: number; out: string } {
  const r = spawnSync(cmd, args, { input, maxBuffer: 256 * 1024 * 1024, timeout: 60_000 });
  return { code: r.status ?? -1, out: `${r.stdout?.toString('latin1') ?? ''}${r.stderr?.toString('latin1') ?? ''}` };
}

export function has(tool: string): boolean {
  return spawnSync('which', [tool]).status === 0;
}

/** pdfsig's "Signature Validation" line for each signature, in order: 'valid' | 'digest-mismatch' | 'invalid' | other text. */
export function pdfsigVerdicts(file: string): string[] {
  const { out } = run('pdfsig', [file]);
  return [...out.matchAll(/Signature Validation: (.*)/g)].map((m) => {
    const v = (m[1] ?? '').trim();
    if (/Signature is Valid/.test(v)) return 'valid';
    if (/Digest Mismatch/.test(v)) return 'digest-mismatch';
    if (/Signature is Invalid/.test(v)) return 'invalid';
    return v;
  });
}

/** MuPDF: one entry per signature, true when it finds the signed bytes unchanged ("unchanged since signing" or "valid but … edits since"). */
export function mutoolVerdicts(file: string): { ok: boolean[]; out: string } {
  const { out } = run('mutool', ['sign', '-v', file]);
  const blocks = out.split('Verifying signature').slice(1);
  return { ok: blocks.map((b) => /document is unchanged since signing|signature is valid but there have been edits/i.test(b)), out };
}

/** qpdf --check: 0 clean, 3 warnings only, 2 errors. */
export function qpdfCheck(file: string): { code: number; out: string } {
  return run('qpdf', ['--check', file]);
}

export function pdfinfoPages(file: string): { pages: number | undefined; out: string } {
  const { out } = run('pdfinfo', [file]);
  const m = /^Pages:\s+(\d+)/m.exec(out);
  return { pages: m ? Number(m[1]) : undefined, out };
}

export function mutoolPages(file: string): number | undefined {
  const { out } = run('mutool', ['info', file]);
  const m = /Pages:\s+(\d+)/.exec(out);
  return m ? Number(m[1]) : undefined;
}

/** pdffonts rows as { name, emb, sub }. */
export function pdffonts(file: string): { name: string; emb: string; sub: string }[] {
  const out = execFileSync('pdffonts', [file]).toString();
  return out
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => {
      const cols = l.trim().split(/\s+/);
      // name type... encoding emb sub uni object ID: the last five columns are fixed.
      return { name: cols[0] ?? '', emb: cols[cols.length - 5] ?? '', sub: cols[cols.length - 4] ?? '' };
    });
}
