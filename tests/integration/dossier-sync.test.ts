/**
 * The seam between reception and sync: a dossier received at the counter is
 * in the outbox in the same transaction, reaches the provincial emulator with
 * its digitized file, and a status set by the province's back office comes
 * back into the local dossier.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/app';
import type { Caller } from '../../electron/core/contract/router';
import { testCore } from '../support/core';
import { BIRTH_APPLICANT } from '../support/dossier-fixtures';
import { tempDir } from '../support/temp-dir';
import { SIM_MODES, linkFor, simArgs, startSimProcess, type SimMode, type SimProcess } from '../support/tthc-sim';
import { scanPdf } from '../support/scan-pdf';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const officer: Caller = { role: 'officer', userId: 'can-bo-1' };

function coreFor(url: string, mode: SimMode): Core {
  const c = testCore({
    provincial: {
      ...linkFor(mode),
      url,
      username: 'quay1',
      password: 'matkhau1',
      autoStart: false,
      engine: { backoffBaseMs: 5, backoffMaxMs: 200, breakerCooldownMs: 50, concurrency: 2, pullIntervalMs: 100, idlePollMs: 20 },
    },
  });
  cleanups.push(() => c.close());
  return c;
}

async function call<T>(c: Core, method: string, input: unknown): Promise<T> {
  const outcome = await c.router.call(method, input, { caller: officer });
  if (!outcome.ok) throw new Error(`${method}: ${outcome.error.message} ${outcome.error.details?.join('; ') ?? ''}`);
  return outcome.result as T;
}

async function receiveOne(c: Core): Promise<{ code: string; sha256: string }> {
  const scan = scanPdf('to khai dang ky khai sinh');
  const { sha256 } = await call<{ sha256: string }>(c, 'files.put', { base64: scan.toString('base64') });
  const procedure = (
    await call<{ code: string; components: { code: string; name: string }[] }[]>(c, 'catalog.search', { query: 'khai sinh' })
  )[0];
  if (!procedure) throw new Error('seed catalog has no birth registration');
  const dossier = await call<{ code: string }>(c, 'dossier.receive', {
    procedureCode: procedure.code,
    applicant: BIRTH_APPLICANT,
    components: procedure.components.map((k, i) => ({
      code: k.code,
      name: k.name,
      originals: 1,
      copies: 0,
      sha256: i === 0 ? sha256 : null,
      fileName: i === 0 ? 'to-khai.pdf' : null,
    })),
    officer: 'Trần Thị Bình',
  });
  return { code: dossier.code, sha256 };
}

describe.each(SIM_MODES)('reception → outbox → province → back (%s mode)', (mode) => {
  it('a received dossier is in the outbox at once and arrives with its file', async () => {
    const sim: SimProcess = await startSimProcess(tempDir('motcua-sim-'), simArgs(mode));
    cleanups.push(() => sim.stop());
    const c = coreFor(sim.url, mode);
    const { code, sha256 } = await receiveOne(c);

    const queued = c.db.prepare(`SELECT ma_ho_so, kind, state FROM sync_outbox`).all();
    expect(queued).toContainEqual({ ma_ho_so: code, kind: 'dossier', state: 'pending' });

    expect(await c.sync.engine!.runOnce({ maxMs: 20_000 })).toMatchObject({ pending: 0, attention: 0 });
    const state = await sim.state();
    expect(state.dossiers).toContainEqual(expect.objectContaining({ MaHoSo: code, TrangThaiHoSo: 2, created: 1 }));
    expect(state.files).toContainEqual(expect.objectContaining({ sha256, stored: 1, fetched: mode === 'dvcqg' ? 1 : 0 }));
    if (mode === 'dvcqg') {
      // The portal's catalog (LayThuTuc), not our own guess, names the procedure and its field.
      const held = (await (await fetch(`${sim.url}/admin/dossiers/${encodeURIComponent(code)}`)).json()) as {
        data: Record<string, unknown>;
      };
      expect(held.data).toMatchObject({
        MaTTHC: '1.001193',
        MaLinhVuc: 'G09-TP01',
        TenLinhVuc: 'Hộ tịch',
        TrangThaiHoSo: '2',
        KenhThucHien: '1',
        NgayTra: '',
      });
      expect(c.sync.procedureList()).toMatchObject([
        { localCode: '1.001193', portalCode: '1.001193', fieldCode: 'G09-TP01', edited: false },
      ]);
    }
  });

  it('a status set by the province comes back into the local dossier, and is not echoed back', async () => {
    const sim = await startSimProcess(tempDir('motcua-sim-'), simArgs(mode));
    cleanups.push(() => sim.stop());
    const c = coreFor(sim.url, mode);
    const { code } = await receiveOne(c);
    await c.sync.engine!.runOnce({ maxMs: 20_000 });

    expect(await sim.admin('/admin/status', { MaHoSo: code, TrangThaiHoSo: 4 })).toMatchObject({ error_code: 0 });
    await c.sync.engine!.pullStatus();
    const dossier = await call<{ status: number; history: { to: number; by: string }[] }>(c, 'dossier.get', { code });
    expect(dossier.status).toBe(4);
    expect(dossier.history.at(-1)).toMatchObject({ to: 4, by: 'Hệ thống TTHC tỉnh' });
    const pending = c.db.prepare(`SELECT COUNT(*) FROM sync_outbox WHERE state = 'pending'`).pluck().get();
    expect(pending).toBe(0);
  });
});
