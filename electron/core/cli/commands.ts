/**
 * The CLI's commands. Each command's module is loaded only when that command runs: a sync or a
 * date calculation must not pay for PDF, image and spreadsheet libraries it
 * never uses (the sync benchmark measures this process's peak memory).
 */
import { AppError } from '../../../shared/contract';
import type { CliCommand } from './command';

interface CommandEntry {
  name: string;
  load: () => Promise<CliCommand>;
}

/** Every command; a feature adds its module and one entry here. */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'doctor', load: async () => (await import('./core-commands')).doctor },
  { name: 'migrate', load: async () => (await import('./core-commands')).migrateCommand },
  { name: 'calendar', load: async () => (await import('../dossier/dossier-cli')).calendarCommand },
  { name: 'due', load: async () => (await import('../dossier/dossier-cli')).dueCommand },
  { name: 'parse-qr', load: async () => (await import('../dossier/dossier-cli')).parseQrCommand },
  { name: 'sync', load: async () => (await import('../sync/sync-cli')).syncCommand },
  { name: 'seed-dossiers', load: async () => (await import('../sync/sync-cli')).seedDossiersCommand },
  { name: 'sync-bundle', load: async () => (await import('../sync/sync-cli')).syncBundleCommand },
  { name: 'sign', load: async () => (await import('../signing/sign-cli')).signCommand },
  { name: 'verify', load: async () => (await import('../signing/sign-cli')).verifyCommand },
  { name: 'pair-device', load: async () => (await import('./security-commands')).pairDevice },
  { name: 'revoke-device', load: async () => (await import('./security-commands')).revokeDevice },
  { name: 'verify-audit', load: async () => (await import('./security-commands')).verifyAuditCommand },
  { name: 'audit-summary', load: async () => (await import('./security-commands')).auditSummaryCommand },
  { name: 'purge', load: async () => (await import('./security-commands')).purgeCommand },
  { name: 'export-citizen', load: async () => (await import('./security-commands')).exportCitizen },
  { name: 'reset-password', load: async () => (await import('./security-commands')).resetPassword },
  { name: 'join-hall', load: async () => (await import('../hall-link/hall-cli')).joinHallCommand },
];

async function usage(): Promise<string> {
  const commands = await Promise.all(COMMANDS.map((c) => c.load()));
  const width = Math.max(...commands.map((c) => c.name.length));
  return ['Cách dùng: npm run cli -- <lệnh> [tham số]', '', ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`)].join('\n');
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    console.error(name ? `Không có lệnh "${name}".\n\n${await usage()}` : await usage());
    return 2;
  }
  try {
    const command = await entry.load();
    return await command.run(rest);
  } catch (error) {
    if (error instanceof AppError) {
      console.error(`Lỗi: ${error.message}${error.details ? `\n  ${error.details.join('\n  ')}` : ''}`);
      return error.code === 'invalid_input' ? 2 : 1;
    }
    throw error;
  }
}
