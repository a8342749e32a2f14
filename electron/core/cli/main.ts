/**
 * `npm run cli -- <command>`: for IT staff and scripts. Messages are
 * Vietnamese; exit codes: 0 success, 1 failure found, 2 bad input.
 */
import path from 'node:path';
import { AppError } from '../../../shared/contract';
import { MIGRATIONS, createCore, databasePath } from '../app';
import { defaultConfig } from '../config';
import { migrate, openDatabase } from '../db/database';
import { runChecks } from '../devices/health';
import { parseCliOptions, type CliCommand } from './command';
import { SECURITY_COMMANDS } from './security-commands';
import { calendarCommand, dueCommand, parseQrCommand } from '../dossier/dossier-cli';
import { seedDossiersCommand, syncBundleCommand, syncCommand } from '../sync/sync-cli';
import { signCommand, verifyCommand } from '../signing/sign-cli';

const STATUS_MARK = { ok: '✔', warn: '!', error: '✘' } as const;

const doctor: CliCommand = {
  name: 'doctor',
  summary: 'Kiểm tra thiết bị và dịch vụ (tiếng Việt)',
  async run(args) {
    const { values } = parseCliOptions(args, { data: { type: 'string' }, printer: { type: 'string' } });
    const core = createCore(
      defaultConfig({ dataDir: path.resolve(values.data ?? 'data'), seedDemo: false, devices: { printer: values.printer } }),
    );
    try {
      const checks = await runChecks(core.health);
      for (const c of checks) console.log(`${STATUS_MARK[c.status]} ${c.name}: ${c.detail}`);
      return checks.some((c) => c.status === 'error') ? 1 : 0;
    } finally {
      await core.close();
    }
  },
};

const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'Nâng cấp cấu trúc cơ sở dữ liệu',
  async run(args) {
    const { values } = parseCliOptions(args, { data: { type: 'string' } });
    const file = databasePath(path.resolve(values.data ?? 'data'));
    const db = openDatabase(file);
    try {
      const applied = migrate(db, MIGRATIONS);
      console.log(applied.length ? `Đã áp dụng ${applied.length} bản nâng cấp:\n  ${applied.join('\n  ')}` : 'Cơ sở dữ liệu đã ở phiên bản mới nhất.');
      return 0;
    } finally {
      db.close();
    }
  },
};

/** Every command; a feature adds its own module and one entry here. */
export const COMMANDS: readonly CliCommand[] = [
  doctor,
  migrateCommand,
  calendarCommand,
  dueCommand,
  parseQrCommand,
  syncCommand,
  seedDossiersCommand,
  syncBundleCommand,
  signCommand,
  verifyCommand,
  ...SECURITY_COMMANDS,
];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return ['Cách dùng: npm run cli -- <lệnh> [tham số]', '', ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`)].join('\n');
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    console.error(name ? `Không có lệnh "${name}".\n\n${usage()}` : usage());
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof AppError) {
      console.error(`Lỗi: ${error.message}${error.details ? `\n  ${error.details.join('\n  ')}` : ''}`);
      return error.code === 'invalid_input' ? 2 : 1;
    }
    throw error;
  }
}

runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
