/**
 * `npm run cli -- sign <in.pdf> <out.pdf> --module <pkcs11 module> --token <label> [--pin-stdin]`
 * `npm run cli -- verify <file.pdf>` (exit 0 only when every signature is intact)
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { AppError } from '../../../shared/contract';
import { parseCliOptions, type CliCommand } from '../cli/command';
import { defaultConfig } from '../config';
import { DigitizeWorker } from '../digitize/worker-client';
import { DECRYPTED_COPY_NOTE } from './pdf-decrypt';
import { closeModules } from '../devices/token/pkcs11-token';
import { COPY_TYPES, isoVietnamTime, type CopyType } from './signature-text';
import { demoKey, SigningService, tokenKey, type OriginalPlacement, type SigningKey } from './signing-service';
import { verifyPdf } from './verify';

/** The first `count` lines of standard input (PIN, then the PDF password when both are piped). */
async function readStdinLines(count: number): Promise<string[]> {
  if (count === 0) return [];
  const rl = readline.createInterface({ input: process.stdin, terminal: false });
  const lines: string[] = [];
  for await (const line of rl) {
    lines.push(line.replace(/\r$/, ''));
    if (lines.length === count) break;
  }
  rl.close();
  while (lines.length < count) lines.push('');
  return lines;
}

/** Asks for the PIN on the terminal without echoing it. */
async function promptPin(): Promise<string> {
  if (!process.stdin.isTTY) throw new AppError('invalid_input', 'Cần mã PIN: chạy trong cửa sổ dòng lệnh hoặc dùng --pin-stdin.');
  process.stdout.write('Mã PIN của token: ');
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const out = rl as unknown as { _writeToOutput: (s: string) => void };
  out._writeToOutput = () => undefined;
  const pin = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stdout.write('\n');
  return pin;
}

export const signCommand: CliCommand = {
  name: 'sign',
  summary: 'Ký số PDF bằng token: sign <vào.pdf> <ra.pdf> --module <thư viện PKCS#11> --token <nhãn> [--pin-stdin] [--password-stdin]',
  async run(args) {
    const { values, positionals } = parseCliOptions(args, {
      module: { type: 'string' },
      token: { type: 'string' },
      'pin-stdin': { type: 'boolean' },
      /** The PDF's user password on standard input (after the PIN line when --pin-stdin is given too). */
      'password-stdin': { type: 'boolean' },
      demo: { type: 'boolean' },
      'copy-type': { type: 'string' },
      agency: { type: 'string' },
      reason: { type: 'string' },
      'tsa-url': { type: 'string' },
      'signer-image': { type: 'string' },
      'seal-image': { type: 'string' },
      page: { type: 'string' },
      at: { type: 'string' },
    });
    const [input, output] = positionals;
    if (!input || !output || positionals.length !== 2)
      throw new AppError(
        'invalid_input',
        'Cách dùng: sign <vào.pdf> <ra.pdf> --module <thư viện PKCS#11> --token <nhãn token> [--pin-stdin]',
      );
    if (!values.demo && (!values.module || !values.token))
      throw new AppError('invalid_input', 'Thiếu --module hoặc --token (hoặc dùng --demo để ký thử bằng chứng thư DEMO).');
    const copyType = values['copy-type'];
    if (copyType !== undefined && !(copyType in COPY_TYPES))
      throw new AppError('invalid_input', `--copy-type phải là một trong: ${Object.keys(COPY_TYPES).join(', ')}`);
    if (!fs.existsSync(input)) throw new AppError('invalid_input', `Không có tệp ${input}.`);
    let original: OriginalPlacement | undefined;
    if (values['signer-image'] || values['seal-image'] || values.at) {
      const at = /^(\d+(?:\.\d+)?),(\d+(?:\.\d+)?)$/.exec(values.at ?? '');
      if (!at) throw new AppError('invalid_input', '--at phải có dạng x,y (điểm, tính từ góc dưới trái của trang).');
      const read = (f?: string) => {
        if (!f) return undefined;
        if (!fs.existsSync(f)) throw new AppError('invalid_input', `Không có tệp ảnh ${f}.`);
        return new Uint8Array(fs.readFileSync(f));
      };
      original = {
        page: Math.max(0, Number(values.page ?? '1') - 1),
        x: Number(at[1]),
        y: Number(at[2]),
        signerImage: read(values['signer-image']),
        sealImage: read(values['seal-image']),
      };
    }

    const piped = await readStdinLines((values['pin-stdin'] && !values.demo ? 1 : 0) + (values['password-stdin'] ? 1 : 0));
    const password = values['password-stdin'] ? piped[piped.length - 1] : undefined;
    let key: SigningKey;
    if (values.demo) key = demoKey();
    else {
      const pin = values['pin-stdin'] ? (piped[0] ?? '') : await promptPin();
      if (!pin) throw new AppError('invalid_input', 'Mã PIN trống.');
      key = tokenKey(values.module as string, values.token as string, pin);
    }
    const worker = new DigitizeWorker();
    try {
      const service = new SigningService(worker, undefined, values.agency ?? defaultConfig().agency.name, values['tsa-url']);
      const { signed, decrypted } = await service.signFile(key, input, output, {
        copyType: copyType as CopyType | undefined,
        reason: values.reason,
        original,
        password,
      });
      if (decrypted) console.log(DECRYPTED_COPY_NOTE);
      console.log(
        `Đã ký: ${output} (${signed.length} byte), người ký: ${key.certificate.commonName}${key.demo ? ' — DEMO, không có giá trị pháp lý' : ''}`,
      );
      return 0;
    } finally {
      key.close();
      await worker.close();
      closeModules();
    }
  },
};

export const verifyCommand: CliCommand = {
  name: 'verify',
  summary: 'Kiểm tra chữ ký số của PDF: verify <tệp.pdf> (mã thoát 0 khi mọi chữ ký còn nguyên vẹn)',
  async run(args) {
    const { positionals } = parseCliOptions(args, {});
    const [file] = positionals;
    if (!file || positionals.length !== 1) throw new AppError('invalid_input', 'Cách dùng: verify <tệp.pdf>');
    if (!fs.existsSync(file)) throw new AppError('invalid_input', `Không có tệp ${file}.`);
    const checks = verifyPdf(new Uint8Array(fs.readFileSync(file)));
    if (checks.length === 0) {
      console.log(`${file}: không có chữ ký số.`);
      return 1;
    }
    for (const c of checks) {
      console.log(
        `Chữ ký #${c.index}: ${c.intact ? '✔ nguyên vẹn' : c.status === 'unsupported' || c.status === 'unreadable' ? '? KHÔNG KIỂM TRA ĐƯỢC' : '✘ HỎNG'}`,
      );
      console.log(`  Người ký: ${c.signer} (cấp bởi ${c.issuer})`);
      console.log(`  Thuật toán: ${c.algorithm}${c.weakDigest ? ' (SHA-1: yếu)' : ''}`);
      if (c.signingTime) console.log(`  Thời gian ký: ${isoVietnamTime(new Date(c.signingTime))}`);
      if (c.timestamp) console.log(`  Dấu thời gian (RFC 3161): ${isoVietnamTime(new Date(c.timestamp))}`);
      console.log(
        `  Mã băm vùng ký: ${c.digestMatches ? 'khớp' : 'KHÔNG khớp'}; chữ ký số: ${c.signatureValid ? 'đúng' : 'SAI'}; ${c.changedAfter ? 'có nội dung thêm sau chữ ký này' : 'không có thay đổi sau khi ký'}`,
      );
      console.log(`  ${c.summary}`);
    }
    return checks.every((c) => c.intact) ? 0 : 1;
  },
};
