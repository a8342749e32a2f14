import { afterEach, describe, expect, it } from 'vitest';
import type { Ticket } from '../../../shared/contract';
import { postJson, testCore, testHub } from '../../../tests/support/core';
import { tempDir } from '../../../tests/support/temp-dir';
import { createCore, type Core } from '../app';
import { defaultConfig } from '../config';
import type { CallContext } from '../contract/router';
import { QueueService } from './queue-service';

const officer: CallContext = { caller: { role: 'officer', userId: 'can-bo-an' } };
const supervisor: CallContext = { caller: { role: 'supervisor' } };
const kiosk: CallContext = { caller: { role: 'kiosk', deviceId: 'kiosk-1' } };

const cores: Core[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
});

function core(overrides = {}): Core {
  const c = testCore({ devices: { printer: 'off' }, ...overrides });
  cores.push(c);
  return c;
}

async function call<T>(c: Core, method: string, input: unknown, ctx: CallContext = officer): Promise<T> {
  const r = await c.router.call(method, input, ctx);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.result as T;
}

describe('queue service', () => {
  it('a number already issued today after a prefix change is refused in Vietnamese, and nothing is half-stored', async () => {
    const c = core();
    await call<Ticket>(c, 'queue.issueTicket', { serviceId: 'ho-tich' }, kiosk);
    await call(c, 'hall.saveService', { id: 'ho-tich', name: 'Hộ tịch', prefix: 'X' }, supervisor);
    await call(c, 'hall.saveService', { id: 'chung-thuc', name: 'Chứng thực', prefix: 'A' }, supervisor);
    const refused = await c.router.call('queue.issueTicket', { serviceId: 'chung-thuc' }, kiosk);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('Số A001 đã được cấp hôm nay') },
    });
    const state = await call<{ waitingTotal: number }>(c, 'queue.state', {});
    expect(state.waitingTotal).toBe(1);
  });

  it('issues consecutive numbers per service, formatted as printed', async () => {
    const c = core();
    const a1 = await call<Ticket & { waitingAhead: number }>(c, 'queue.issueTicket', { serviceId: 'ho-tich' }, kiosk);
    const a2 = await call<Ticket & { waitingAhead: number }>(c, 'queue.issueTicket', { serviceId: 'ho-tich' }, kiosk);
    const b1 = await call<Ticket>(c, 'queue.issueTicket', { serviceId: 'chung-thuc' }, kiosk);
    expect([a1.number, a2.number, b1.number]).toEqual(['A001', 'A002', 'B001']);
    expect(a2.waitingAhead).toBe(1);
    const state = await call<{ services: { id: string; waiting: number }[]; waitingTotal: number }>(c, 'queue.state', {});
    expect(state.services.find((s) => s.id === 'ho-tich')?.waiting).toBe(2);
    expect(state.waitingTotal).toBe(3);
  });

  it('a counter calls only its services, priority by the alternate policy, null when none waits', async () => {
    const c = core();
    for (const [serviceId, priorityGroup] of [
      ['dat-dai', undefined],
      ['ho-tich', undefined],
      ['ho-tich', undefined],
      ['ho-tich', 'nguoi-cao-tuoi'],
      ['ho-tich', undefined],
    ] as const) {
      await call(c, 'queue.issueTicket', { serviceId, ...(priorityGroup ? { priorityGroup } : {}) }, kiosk);
    }
    // quay-1 serves ho-tich and chung-thuc; policy: one priority after every 2 normal tickets.
    const calls: (string | null)[] = [];
    for (let i = 0; i < 5; i++) calls.push((await call<Ticket | null>(c, 'queue.callNext', { counterId: 'quay-1' }))?.number ?? null);
    expect(calls).toEqual(['A001', 'A002', 'A003', 'A004', null]);
    const d = await call<Ticket>(c, 'queue.callNext', { counterId: 'quay-4' });
    expect(d.number).toBe('D001');
  });

  it('strict policy takes priority tickets first', async () => {
    const c = core();
    const settings = await call<Record<string, unknown>>(c, 'queue.settings', {});
    await call(c, 'queue.saveSettings', { ...settings, policy: { mode: 'strict', normalPerPriority: 2 } }, supervisor);
    await call(c, 'queue.issueTicket', { serviceId: 'ho-tich' }, kiosk);
    await call(c, 'queue.issueTicket', { serviceId: 'ho-tich', priorityGroup: 'nguoi-khuyet-tat' }, kiosk);
    expect((await call<Ticket>(c, 'queue.callNext', { counterId: 'quay-1' })).number).toBe('A002');
  });

  it('recall, skip, park/resume, transfer, no-show, finish and link a dossier; every event stored with counter and officer', async () => {
    const c = core();
    const called: string[] = [];
    c.bus.subscribe((event, payload) => {
      if (event === 'queue.called')
        called.push(`${(payload as { number: string }).number}${(payload as { recall: boolean }).recall ? '*' : ''}`);
    });
    for (let i = 0; i < 4; i++) await call(c, 'queue.issueTicket', { serviceId: 'ho-tich' }, kiosk);
    await call(c, 'queue.callNext', { counterId: 'quay-1' });
    await call(c, 'queue.recall', { counterId: 'quay-1' });
    const skipped = await call<Ticket>(c, 'queue.skip', { counterId: 'quay-1' });
    expect(skipped.status).toBe('waiting');
    expect((await call<Ticket>(c, 'queue.callNext', { counterId: 'quay-1' })).number).toBe('A002');
    await call(c, 'queue.startService', { counterId: 'quay-1' });
    const parked = await call<Ticket>(c, 'queue.park', { counterId: 'quay-1' });
    expect(parked.status).toBe('parked');
    const other = await call<Ticket>(c, 'queue.callTicket', { counterId: 'quay-1', number: 'a004' });
    expect(other.number).toBe('A004');
    const moved = await call<Ticket>(c, 'queue.transfer', { counterId: 'quay-1', targetCounterId: 'quay-3' });
    expect(moved.targetCounterId).toBe('quay-3');
    // quay-3 serves only chung-thuc, yet takes the ticket transferred to it by name.
    expect((await call<Ticket>(c, 'queue.callNext', { counterId: 'quay-3' })).number).toBe('A004');
    const resumed = await call<Ticket>(c, 'queue.resume', { counterId: 'quay-1', ticketId: parked.id });
    expect(resumed.status).toBe('serving');
    const done = await call<Ticket>(c, 'queue.finish', { counterId: 'quay-1' });
    expect(done.status).toBe('done');
    const linked = await call<Ticket>(c, 'queue.linkDossier', { ticketId: done.id, dossierCode: '000.00.12.H56-261123-0001' });
    expect(linked.dossierCode).toBe('000.00.12.H56-261123-0001');
    const rated = await call<Ticket>(c, 'queue.rate', { ticketId: done.id, rating: 3 }, kiosk);
    expect(rated.rating).toBe(3);
    await expect(call(c, 'queue.rate', { ticketId: done.id, rating: 1 }, kiosk)).rejects.toThrow('đã được đánh giá');
    expect((await call<Ticket>(c, 'queue.callNext', { counterId: 'quay-1' })).number).toBe('A003');
    const noShow = await call<Ticket>(c, 'queue.noShow', { counterId: 'quay-1' });
    expect(noShow.status).toBe('no_show');
    expect(called).toEqual(['A001', 'A001*', 'A002', 'A004', 'A004', 'A003']);

    const events = c.db.prepare('SELECT type, counter_id, officer_id FROM queue_events ORDER BY id').all() as {
      type: string;
      counter_id: string | null;
      officer_id: string | null;
    }[];
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'issued',
        'called',
        'recalled',
        'skipped',
        'served_start',
        'parked',
        'transferred',
        'resumed',
        'served_end',
        'dossier_linked',
        'rated',
        'no_show',
      ]),
    );
    expect(events.filter((e) => e.type === 'called').every((e) => e.counter_id && e.officer_id === 'can-bo-an')).toBe(true);
    expect(events.find((e) => e.type === 'issued')?.officer_id).toBeNull();

    const stats = await call<{
      totals: { issued: number; served: number; noShow: number; ratings: { veryHappy: number } };
      perCounter: { key: string; served: number }[];
    }>(c, 'queue.stats', { from: '2000-01-01', to: '2100-01-01' }, supervisor);
    expect(stats.totals).toMatchObject({ issued: 4, served: 1, noShow: 1, ratings: { veryHappy: 1 } });
    expect(stats.perCounter.find((b) => b.key === 'quay-1')?.served).toBe(1);
    const csv = await call<{ base64: string }>(c, 'queue.exportStats', { from: '2000-01-01', to: '2100-01-01', format: 'csv' }, supervisor);
    const text = Buffer.from(csv.base64, 'base64').toString('utf8');
    expect(text).toContain('Thời điểm,Ngày làm việc,Số thứ tự');
    expect(text).toContain('Gắn hồ sơ');
    const xlsx = await call<{ base64: string }>(
      c,
      'queue.exportStats',
      { from: '2000-01-01', to: '2100-01-01', format: 'xlsx' },
      supervisor,
    );
    expect(Buffer.from(xlsx.base64, 'base64').subarray(0, 2).toString()).toBe('PK');
  });

  it('refuses actions with Vietnamese messages', async () => {
    const c = core();
    const r = await c.router.call('queue.recall', { counterId: 'quay-1' }, officer);
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict', message: 'Quầy chưa gọi số nào.' } });
    const k = await c.router.call('queue.callNext', { counterId: 'quay-1' }, kiosk);
    expect(k).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const s = await c.router.call('queue.issueTicket', { serviceId: 'khong-co' }, kiosk);
    expect(s).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('numbers survive a restart and start again after the daily reset', async () => {
    const dataDir = tempDir();
    const first = createCore(defaultConfig({ dataDir, devices: { printer: 'off' } }));
    let now = new Date('2026-11-23T02:00:00Z');
    const q1 = new QueueService(first.db, first.bus, first.hall, first.printer, { agencyName: 'X', now: () => now });
    expect((await q1.issueTicket({ serviceId: 'ho-tich' }, kiosk.caller)).number).toBe('A001');
    expect((await q1.issueTicket({ serviceId: 'ho-tich' }, kiosk.caller)).number).toBe('A002');
    await first.close();
    const second = createCore(defaultConfig({ dataDir, devices: { printer: 'off' } }));
    cores.push(second);
    const q2 = new QueueService(second.db, second.bus, second.hall, second.printer, { agencyName: 'X', now: () => now });
    expect((await q2.issueTicket({ serviceId: 'ho-tich' }, kiosk.caller)).number).toBe('A003');
    now = new Date('2026-11-23T17:00:00Z'); // 00:00 the next day in Vietnam
    const next = await q2.issueTicket({ serviceId: 'ho-tich' }, kiosk.caller);
    expect([next.number, next.day]).toEqual(['A001', '2026-11-24']);
    // Yesterday's waiting tickets are not called today.
    expect(q2.callNext('quay-1', officer.caller)?.number).toBe('A001');
    expect(q2.callNext('quay-1', officer.caller)).toBeNull();
  });

  it('outside opening hours the kiosk says so', async () => {
    const c = core();
    const settings = await call<Record<string, unknown>>(c, 'queue.settings', {});
    await call(c, 'queue.saveSettings', { ...settings, openingHours: { open: '00:00', close: '00:01', enforce: true } }, supervisor);
    const q = new QueueService(c.db, c.bus, c.hall, c.printer, { agencyName: 'X', now: () => new Date('2026-11-23T05:00:00Z') });
    await expect(q.issueTicket({ serviceId: 'ho-tich' }, kiosk.caller)).rejects.toThrow('Ngoài giờ lấy số');
  });
});

describe('daily reset clock', () => {
  it('tells the screens when the business day changes', async () => {
    const c = core();
    let now = new Date('2026-11-23T16:59:50Z');
    const q = new QueueService(c.db, c.bus, c.hall, c.printer, { agencyName: 'X', now: () => now });
    await q.issueTicket({ serviceId: 'ho-tich' }, kiosk.caller);
    const days: string[] = [];
    c.bus.subscribe((event, payload) => {
      if (event === 'queue.changed')
        days.push(`${(payload as { day: string; waitingTotal: number }).day}:${(payload as { waitingTotal: number }).waitingTotal}`);
    });
    const stop = q.startClock(20);
    await new Promise((r) => setTimeout(r, 60));
    expect(days).toEqual([]);
    now = new Date('2026-11-23T17:00:10Z');
    await new Promise((r) => setTimeout(r, 60));
    stop();
    expect(days).toEqual(['2026-11-24:0']);
  });
});

describe('the scripts’ interface over the hub', () => {
  it('queue.state, queue.issueTicket and queue.callNext over HTTP, null when nobody waits', async () => {
    const { core: c, hub } = await testHub({}, { devices: { printer: 'off' } });
    cores.push(c);
    // Scripts call as a paired counter PC (the hub answers 401 to strangers).
    const token = c.devices.pairDirect('counter-device', 'script', 'system').credential;
    try {
      const issued = await postJson(`${hub.url}/api/queue.issueTicket`, { serviceId: 'cu-tru', priorityGroup: 'nguoi-co-cong' }, token);
      expect(issued).toMatchObject({ status: 200, body: { number: 'C001', priorityGroup: 'nguoi-co-cong' } });
      const state = await postJson(`${hub.url}/api/queue.state`, {}, token);
      expect(state.body).toMatchObject({
        services: expect.arrayContaining([expect.objectContaining({ id: 'cu-tru', name: 'Cư trú', waiting: 1 })]),
        counters: expect.arrayContaining([expect.objectContaining({ id: 'quay-2', name: 'Quầy 2', current: null })]),
      });
      const called = await postJson(`${hub.url}/api/queue.callNext`, { counterId: 'quay-2' }, token);
      expect(called).toMatchObject({ status: 200, body: { number: 'C001', status: 'called', counterId: 'quay-2' } });
      const after = await postJson(`${hub.url}/api/queue.state`, {}, token);
      expect(
        (after.body as { counters: { id: string; current: { number: string } | null }[] }).counters.find((x) => x.id === 'quay-2')?.current
          ?.number,
      ).toBe('C001');
      const none = await fetch(`${hub.url}/api/queue.callNext`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: '{"counterId":"quay-2"}',
      });
      expect([none.status, await none.text()]).toEqual([200, 'null']);
      const bad = await postJson(`${hub.url}/api/queue.issueTicket`, {}, token);
      expect(bad.status).toBe(400);
    } finally {
      await hub.close();
    }
  });
});

describe('statistics follow the definitions', () => {
  it('waiting = first call − issue, service = end − start, per hour in Vietnam time', async () => {
    const c = core();
    let now = new Date('2026-11-23T01:00:00Z'); // 08:00 in Vietnam
    const q = new QueueService(c.db, c.bus, c.hall, c.printer, { agencyName: 'X', now: () => now });
    const at = (minutes: number) => (now = new Date(Date.parse('2026-11-23T01:00:00Z') + minutes * 60_000));
    await q.issueTicket({ serviceId: 'ho-tich' }, kiosk.caller); // A001 at 0
    at(2);
    await q.issueTicket({ serviceId: 'ho-tich' }, kiosk.caller); // A002 at 2
    at(5);
    q.callNext('quay-1', officer.caller); // A001 waited 5
    at(6);
    q.recall('quay-1', officer.caller); // a recall is not a first call
    q.startService('quay-1', officer.caller);
    at(16);
    q.finish('quay-1', officer.caller); // served 10
    at(20);
    q.callNext('quay-1', officer.caller); // A002 waited 18
    at(25);
    q.noShow('quay-1', officer.caller);
    const { computeStats } = await import('./queue-stats');
    const stats = computeStats(c.db, c.hall, '2026-11-23', '2026-11-23');
    expect(stats.totals).toMatchObject({ issued: 2, served: 1, noShow: 1, avgWaitMinutes: 11.5, avgServiceMinutes: 10 });
    expect(stats.perHour.map((b) => [b.label, b.issued])).toEqual([['08:00', 2]]);
    expect(stats.perOfficer).toEqual([expect.objectContaining({ key: 'can-bo-an', served: 1, noShow: 1 })]);
    expect(stats.perCounter).toEqual([expect.objectContaining({ key: 'quay-1', label: 'Quầy 1', served: 1, avgWaitMinutes: 11.5 })]);
  });
});

describe('a kiosk retrying after a lost answer', () => {
  it('gets the same ticket for the same request id, and a new one for a new id', async () => {
    const c = core();
    const first = await call<Ticket>(c, 'queue.issueTicket', { serviceId: 'ho-tich', requestId: 'kiosk-1-0001' }, kiosk);
    const retry = await call<Ticket>(c, 'queue.issueTicket', { serviceId: 'ho-tich', requestId: 'kiosk-1-0001' }, kiosk);
    const next = await call<Ticket>(c, 'queue.issueTicket', { serviceId: 'ho-tich', requestId: 'kiosk-1-0002' }, kiosk);
    expect([first.number, retry.number, next.number]).toEqual(['A001', 'A001', 'A002']);
    expect(retry.id).toBe(first.id);
    expect(c.db.prepare(`SELECT COUNT(*) FROM queue_events WHERE type = 'issued'`).pluck().get()).toBe(2);
  });
});
