/**
 * Printing official forms on the OS printer, behind a small interface.
 * Linux/macOS: CUPS `lp` (`-d <printer>` when one is configured, else the
 * default printer). Windows: PowerShell `Start-Process -Verb PrintTo`, which
 * hands the PDF to the registered PDF application (Edge, SumatraPDF, Acrobat)
 * for the named printer. The PDF is always kept in the file store first.
 */
import { spawn } from 'node:child_process';

export interface PrintCommand {
  command: string;
  args: string[];
}

export interface PrintOptions {
  /** OS printer name; empty = the system default. */
  printer?: string;
  copies?: number;
  title?: string;
}

export function buildPrintCommand(platform: NodeJS.Platform, file: string, options: PrintOptions = {}): PrintCommand {
  const copies = Math.max(1, Math.min(5, options.copies ?? 1));
  if (platform === 'win32') {
    const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
    const verb = options.printer ? `-Verb PrintTo -ArgumentList ${quote(options.printer)}` : '-Verb Print';
    const one = `Start-Process -FilePath ${quote(file)} ${verb} -WindowStyle Hidden -Wait`;
    return {
      command: 'powershell.exe',
      args: ['-NoProfile', '-NonInteractive', '-Command', Array.from({ length: copies }, () => one).join('; ')],
    };
  }
  const args: string[] = [];
  if (options.printer) args.push('-d', options.printer);
  args.push('-n', String(copies), '-o', 'media=A4', '-o', 'fit-to-page');
  if (options.title) args.push('-t', options.title);
  args.push('--', file);
  return { command: 'lp', args };
}

export function commandLine(c: PrintCommand): string {
  return [c.command, ...c.args.map((a) => (/[\s'"]/.test(a) ? JSON.stringify(a) : a))].join(' ');
}

export interface PrintOutcome {
  printed: boolean;
  command: string;
  message: string;
}

export interface FormPrinter {
  print(file: string, options?: PrintOptions): Promise<PrintOutcome>;
}

/** Runs the OS print command; never throws: the outcome says what happened, in Vietnamese. */
export class OsPrinter implements FormPrinter {
  constructor(
    private readonly defaults: PrintOptions = {},
    private readonly platform: NodeJS.Platform = process.platform,
    private readonly timeoutMs = 20_000,
  ) {}

  print(file: string, options: PrintOptions = {}): Promise<PrintOutcome> {
    const cmd = buildPrintCommand(this.platform, file, { ...this.defaults, ...options });
    const line = commandLine(cmd);
    return new Promise((resolve) => {
      let stderr = '';
      let stdout = '';
      const child = spawn(cmd.command, cmd.args, { stdio: ['ignore', 'pipe', 'pipe'] });
      const timer = setTimeout(() => child.kill(), this.timeoutMs);
      child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      child.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        resolve({
          printed: false,
          command: line,
          message:
            error.code === 'ENOENT'
              ? `Máy này chưa cài lệnh in "${cmd.command}" (${this.platform === 'win32' ? 'PowerShell' : 'CUPS'}). Tệp PDF vẫn được lưu cùng hồ sơ.`
              : `Không gửi được lệnh in: ${error.message}`,
        });
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve(
          code === 0
            ? { printed: true, command: line, message: `Đã gửi lệnh in${stdout.trim() ? `: ${stdout.trim()}` : ''}.` }
            : {
                printed: false,
                command: line,
                message: `Máy in báo lỗi (mã ${code}): ${stderr.trim() || 'không rõ'}. Tệp PDF vẫn được lưu cùng hồ sơ.`,
              },
        );
      });
    });
  }
}
