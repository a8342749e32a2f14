import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/app';
import { defaultConfig } from '../../electron/core/config';
import { startHub, type Hub } from '../../electron/core/hub/hub-server';
import { RECEPTION_PROCEDURE, SAMPLE_APPLICANT as applicant, SAMPLE_COMPONENTS as components } from '../support/dossier-fixtures';
import { fillDisk, mountTmpfs } from '../support/tmpfs';

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

const rejections: unknown[] = [];
process.on('unhandledRejection', (reason) => rejections.push(reason));

async function hubOnTmpfs(): Promise<{ core: Core; hub: Hub; dir: string }> {
  const disk = mountTmpfs(8);
  cleanup.push(disk.unmount);
  const core = createCore(defaultConfig({ dataDir: disk.dir, hub: { host: '127.0.0.1', port: 0 } }));
  cleanup.push(() => core.close());
  const hub = await startHub(core, {
    authenticate: (request) => ({ role: request.headers['x-role'] === 'kiosk' ? 'kiosk' : 'admin', name: 'Test' }),
  });
  cleanup.push(() => hub.close());
  return { core, hub, dir: disk.dir };
}

async function call(hub: Hub, method: string, body: unknown, role = 'admin'): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${hub.url}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-role': role },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** Calls that write: a ticket, a dossier with its receipt, a service, a stored file. */
function writes(hub: Hub, serviceId: string, n: number) {
  return [
    () => call(hub, 'queue.issueTicket', { serviceId }, 'kiosk'),
    () => call(hub, 'dossier.receive', { procedureCode: RECEPTION_PROCEDURE, applicant, components }),
    () => call(hub, 'hall.saveService', { name: `Lĩnh vực ${n}`, prefix: 'Z' }),
    () => call(hub, 'files.put', { base64: Buffer.from(`tệp ${n} `.repeat(4000)).toString('base64') }),
  ];
}

describe('a full disk is a state, not a crash', () => {
  // Repro (issue 11): on an 8 MB tmpfs filled with dd, calls answered 500 "Lỗi nội bộ" and then the process
  // died of an unhandled rejection from withAudit (COMMIT failed with SQLITE_FULL, the async handler ran on).
  it('answers disk_full in Vietnamese, tells supervisors, keeps answering and resumes once space is freed', async () => {
    const { core, hub, dir } = await hubOnTmpfs();
    const notices: string[] = [];
    core.bus.subscribe((event, payload) => {
      if (event === 'system.notice') notices.push((payload as { message: string }).message);
    });
    const serviceId = (core.hall.config().services[0] as { id: string }).id;
    fillDisk(path.join(dir, 'filler'));

    const answers: { status: number; body: unknown }[] = [];
    for (let round = 0; round < 15; round++) {
      for (const write of writes(hub, serviceId, round)) answers.push(await write());
    }
    // Give any dangling promise the time to reject, as it did in the old withAudit.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(rejections).toEqual([]);
    expect(answers.filter((a) => a.status >= 500 && a.status !== 507)).toEqual([]);
    const full = answers.filter((a) => a.status === 507);
    expect(full.length).toBeGreaterThan(0);
    expect(full[0]?.body).toMatchObject({ error: { code: 'disk_full', message: expect.stringContaining('Hết dung lượng đĩa') } });
    expect(notices.some((m) => m.includes('Hết dung lượng đĩa'))).toBe(true);

    expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
    const doctor = await call(hub, 'system.doctor', {});
    const dataDir = (doctor.body as { checks: { id: string; status: string; detail: string }[] }).checks.find((c) => c.id === 'data-dir');
    expect(dataDir).toMatchObject({ status: 'warn', detail: expect.stringContaining('Sắp hết dung lượng') });

    fs.rmSync(path.join(dir, 'filler'));
    for (const write of writes(hub, serviceId, 99)) expect((await write()).status).toBe(200);
    expect(rejections).toEqual([]);
  }, 60_000);
});
