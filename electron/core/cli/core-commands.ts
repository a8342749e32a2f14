/** The CLI's own commands: health of the installation and database upgrades. */
import path from 'node:path';
import { MIGRATIONS, createCore, databasePath } from '../app';
import { defaultConfig } from '../config';
import { migrate, openDatabase } from '../db/database';
import { runChecks } from '../devices/health';
import { hallForDoctor } from '../hall-link/hall-config';
import { parseCliOptions, type CliCommand } from './command';

const STATUS_MARK = { ok: '✔', warn: '!', error: '✘' } as const;

export const doctor: CliCommand = {
  name: 'doctor',
  summary: 'Kiểm tra thiết bị và dịch vụ (tiếng Việt)',
  async run(args) {
    const { values } = parseCliOptions(args, { data: { type: 'string' }, printer: { type: 'string' } });
    const dataDir = path.resolve(values.data ?? 'data');
    const core = createCore(
      defaultConfig({ dataDir, seedDemo: false, devices: { printer: values.printer }, hall: hallForDoctor(dataDir) }),
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

export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'Nâng cấp cấu trúc cơ sở dữ liệu',
  async run(args) {
    const { values } = parseCliOptions(args, { data: { type: 'string' } });
    const file = databasePath(path.resolve(values.data ?? 'data'));
    const db = openDatabase(file);
    try {
      const applied = migrate(db, MIGRATIONS);
      console.log(
        applied.length ? `Đã áp dụng ${applied.length} bản nâng cấp:\n  ${applied.join('\n  ')}` : 'Cơ sở dữ liệu đã ở phiên bản mới nhất.',
      );
      return 0;
    } finally {
      db.close();
    }
  },
};
