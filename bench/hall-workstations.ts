/**
 * Child process of `npm run bench -- hall`: several workstation cores of one
 * hall (own data directory each), driven by the parent over IPC. Each receipt
 * is a real reception with a scanned page and its receipt PDF; its replication
 * to the hub runs in the background as in a counter PC. Times are wall-clock
 * (performance.timeOrigin + now) so the parent can compare them with its own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core } from '../electron/core/app';
import { defaultConfig } from '../electron/core/config';
import type { Caller } from '../electron/core/contract/router';
import { FormRenderWorker } from '../electron/core/dossier/forms/render-client';
import { HttpHubTransport } from '../electron/core/replication/transport';
import { scanPdf } from '../tests/support/scan-pdf';

type Command =
  { type: 'receive'; station: number; seq: number } | { type: 'call'; station: number; counterId: string; seq: number } | { type: 'stop' };

const now = () => performance.timeOrigin + performance.now();
const hubUrl = process.env.HALL_HUB_URL!;
const stations = process.env.HALL_STATIONS!.split(',').map(Number);
const tokens = process.env.HALL_TOKENS!.split(',');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-bench-hall-ws-'));
// One form worker for the PCs of this process (a real counter PC has its own).
const formWorker = new FormRenderWorker();
const cores = new Map<number, { core: Core; link: HttpHubTransport; caller: Caller; committed: Map<string, number> }>();

stations.forEach((station, i) => {
  const link = new HttpHubTransport(hubUrl, tokens[i]!);
  const core = createCore(
    defaultConfig({
      dataDir: path.join(root, `ws${station}`),
      hub: { host: '127.0.0.1', port: 0 },
      station,
      replication: { role: 'workstation', options: { pullIntervalMs: 1000, engine: { idlePollMs: 100 } } },
    }),
    { hubTransport: link, formWorker },
  );
  const committed = new Map<string, number>();
  // Inside the receive transaction, right before its commit.
  core.dossiers.addRecordListener((_db, change) => {
    if (change.type === 'received') committed.set(change.dossier.code, now());
  });
  cores.set(station, { core, link, caller: { role: 'officer', userId: `cb-${station}`, name: `Cán bộ quầy ${station}` }, committed });
});

// A 100 kB one-page scan; reception parses every attachment, so it is a real PDF.
const scanOf = (unique: string) => scanPdf(Buffer.concat([Buffer.alloc(100_000, 0x20), Buffer.from(unique)]));

async function receive(station: number): Promise<{ code: string; committedAt: number; tookMs: number }> {
  const ws = cores.get(station)!;
  const t0 = now();
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const r = await ws.core.router.call(method, input, { caller: ws.caller });
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.result as T;
  };
  const { sha256 } = await call<{ sha256: string }>('files.put', { base64: scanOf(`${station}-${t0}`).toString('base64') });
  const procedure = ws.core.catalog.search('khai sinh')[0]!;
  const d = await call<{ code: string }>('dossier.receive', {
    procedureCode: procedure.code,
    applicant: {
      kind: 'citizen',
      fullName: 'Nguyễn Văn An',
      idNumber: '079090001234',
      oldIdNumber: null,
      birthDate: '1990-02-01',
      sex: 'Nam',
      address: 'Huế',
      phone: '0912345678',
      email: '',
      taxCode: null,
      organizationName: null,
    },
    components: procedure.components.map((k, i) => ({
      code: k.code,
      name: k.name,
      originals: 1,
      copies: 0,
      sha256: i === 0 ? sha256 : null,
      fileName: i === 0 ? 'a.pdf' : null,
    })),
  });
  return { code: d.code, committedAt: ws.committed.get(d.code)!, tookMs: now() - t0 };
}

process.on('message', (m: Command) => {
  if (m.type === 'stop') {
    void Promise.all([...cores.values()].map((c) => c.core.close())).then(async () => {
      await formWorker.close();
      fs.rmSync(root, { recursive: true, force: true });
      process.exit(0);
    });
    return;
  }
  if (m.type === 'receive') {
    receive(m.station).then(
      (r) => process.send!({ type: 'received', seq: m.seq, ...r }),
      (e: unknown) => process.send!({ type: 'error', seq: m.seq, message: String(e) }),
    );
    return;
  }
  // A queue call as the hall link makes it: from the workstation to the hub, with this PC's credential.
  const ws = cores.get(m.station)!;
  const t0 = now();
  ws.link.call('queue.callNext', { counterId: m.counterId }).then(
    (ticket) => process.send!({ type: 'called', seq: m.seq, sentAt: t0, ticketId: (ticket as { id?: string } | null)?.id ?? null }),
    (e: unknown) => process.send!({ type: 'error', seq: m.seq, message: String(e) }),
  );
});
// Warm-up before the parent measures: the form worker compiled and one receipt per PC replicated.
void (async () => {
  for (const station of stations) await receive(station);
  for (let w = 0; w < 600 && [...cores.values()].some((c) => c.core.replication.workstation!.status().pending > 0); w++)
    await new Promise((r) => setTimeout(r, 100));
  process.send!({ type: 'ready' });
})();
