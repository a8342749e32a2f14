/**
 * Crash test: the workbench's sync process (`npm run cli -- sync --once`) is
 * SIGKILLed at random moments while it uploads, 12 times per mode, and restarted each
 * time, against the emulator in fault mode. In the end the province holds
 * exactly one copy of every dossier and file, and the outbox is empty. In dvcqg
 * mode the portal fetches the files from the sync process's own file listener,
 * which dies with it: a fetch cut by a kill is retried, and each file arrives
 * whole and hash-checked exactly once.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { filesOf, ProvincialDossierSchema } from '../../shared/provincial';
import { createCore } from '../../electron/core/app';
import { defaultConfig } from '../../electron/core/config';
import { outboxCounts } from '../../electron/core/sync/outbox';
import { seedDossiers } from '../../electron/core/sync/sync-cli';
import { tempDir } from '../support/temp-dir';
import { SIM_MODES, cliLinkArgs, simArgs, startSimProcess, type SimMode, type SimProcess } from '../support/tthc-sim';

const ROOT = path.resolve(import.meta.dirname, '../..');
const KILLS = 12;

let sim: SimProcess | null = null;
afterEach(async () => {
  await sim?.stop();
  sim = null;
});

function withCore<T>(dataDir: string, work: (core: ReturnType<typeof createCore>) => T): T {
  const core = createCore(defaultConfig({ dataDir, seedDemo: false }));
  try {
    return work(core);
  } finally {
    void core.close();
  }
}

/** Runs `sync --once`; kills it with SIGKILL `killAfterMs` after it starts syncing (null = let it finish). */
function runSync(
  mode: SimMode,
  dataDir: string,
  url: string,
  killAfterMs: number | null,
): Promise<{ code: number | null; signal: string | null; out: string }> {
  return new Promise((resolve) => {
    // `node --import tsx` so the pid is the sync process itself (the tsx binary is a wrapper with a child).
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(ROOT, 'electron/core/cli/main.ts'),
        'sync',
        '--once',
        '--data',
        dataDir,
        '--provincial-url',
        url,
        '--backoff-ms',
        '10',
        '--chunk-size',
        '8192',
        ...cliLinkArgs(mode),
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      const before = out;
      out += c.toString();
      if (killAfterMs !== null && !before.includes('Bắt đầu') && out.includes('Bắt đầu')) {
        setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code, signal) => resolve({ code, signal, out }));
  });
}

it.each(SIM_MODES)(
  'survives 12 SIGKILLs of the sync process (%s mode): one copy of everything, outbox empty',
  async (mode) => {
    sim = await startSimProcess(tempDir('motcua-sim-'), simArgs(mode, ['--faults', '--fault-rate', '0.15', '--max-latency', '15']));
    const dataDir = tempDir('motcua-crash-');
    withCore(dataDir, (core) =>
      seedDossiers(core.db, core.files, core.config.agency.code, { count: 30, filesPerDossier: 3, minSize: 1, maxSize: 48 * 1024 }),
    );

    let killedMidSync = 0;
    let runs = 0;
    while (killedMidSync < KILLS && runs < KILLS * 2) {
      runs += 1;
      // Keep work in the queue so every kill lands during a sync.
      const pending = withCore(dataDir, (core) => {
        if (outboxCounts(core.db).pending < 12)
          seedDossiers(core.db, core.files, core.config.agency.code, { count: 15, filesPerDossier: 3, minSize: 1, maxSize: 48 * 1024 });
        return outboxCounts(core.db).pending;
      });
      expect(pending).toBeGreaterThan(0);
      const run = await runSync(mode, dataDir, sim.url, Math.floor(Math.random() * 250));
      if (run.signal === 'SIGKILL') killedMidSync += 1;
    }
    expect(killedMidSync).toBe(KILLS);

    // A last run without a kill drains what is left.
    const last = await runSync(mode, dataDir, sim.url, null);
    expect(last.code, last.out).toBe(0);
    await sim.admin('/admin/faults', { enabled: false });

    const state = await sim.state();
    await withCore(dataDir, async (core) => {
      expect(outboxCounts(core.db)).toMatchObject({ pending: 0, attention: 0 });
      const local = (core.db.prepare(`SELECT payload FROM sync_outbox`).pluck().all() as string[]).map((p) =>
        ProvincialDossierSchema.parse(JSON.parse(p)),
      );
      expect(state.dossiers.map((d) => d.MaHoSo).sort()).toEqual(local.map((d) => d.MaHoSo).sort());
      expect(state.dossiers.filter((d) => d.created !== 1 || d.updated !== 0)).toEqual([]);
      const wanted = new Map(local.flatMap((d) => filesOf(d)).map((f) => [f.sha256, f.size]));
      expect(state.files).toHaveLength(wanted.size);
      expect(state.files.filter((f) => f.stored !== 1)).toEqual([]);
      expect(state.files.filter((f) => f.fetched !== (mode === 'dvcqg' ? 1 : 0))).toEqual([]);
      for (const f of state.files) {
        const remote = Buffer.from(await (await fetch(`${sim!.url}/admin/files/${f.sha256}`)).arrayBuffer());
        expect(createHash('sha256').update(remote).digest('hex')).toBe(f.sha256);
        expect(remote.equals(core.files.get(f.sha256))).toBe(true);
      }
    });
  },
  180_000,
);
