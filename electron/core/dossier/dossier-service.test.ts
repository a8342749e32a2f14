import { describe, expect, it } from 'vitest';
import type { Applicant, ReceiveInput } from '../../../shared/contract';
import { testCore } from '../../../tests/support/core';
import { createCore } from '../app';
import { defaultConfig } from '../config';
import { tempDir } from '../../../tests/support/temp-dir';
import { DossierService, classifyQuery, type DossierChange } from './dossier-service';

const AN: Applicant = {
  kind: 'citizen',
  fullName: 'Nguyễn Văn An',
  idNumber: '079090001234',
  oldIdNumber: '025123456',
  birthDate: '1990-02-01',
  sex: 'Nam',
  address: '12 Lê Lợi, Phường Bến Thành, TP. Hồ Chí Minh',
  phone: '0912 345 678',
  email: '',
  taxCode: null,
  organizationName: null,
};

function receiveInput(files: { put(b: Uint8Array): { sha256: string } }, overrides: Partial<ReceiveInput> = {}): ReceiveInput {
  const scan = files.put(Buffer.from('%PDF-1.4 scanned birth certificate'));
  return {
    procedureCode: '1.004873',
    applicant: AN,
    components: [
      {
        code: 'TP1',
        name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân',
        originals: 1,
        copies: 0,
        sha256: scan.sha256,
        fileName: 'to-khai.pdf',
      },
      { code: 'GT', name: 'Giấy tờ tùy thân', originals: 1, copies: 0, sha256: null },
    ],
    fees: [{ name: 'Lệ phí', amount: 5000 }],
    ticketId: 'ticket-A012',
    officer: 'Trần Thị Bình',
    receivedAt: '2026-02-12T10:00:00+07:00',
    ...overrides,
  };
}

describe('DossierService', () => {
  // Repro: a replica written at another PC of the hall (storeReplica) dropped the postal delivery address,
  // so the hub's register and a workstation pulling the hub's copy showed "post" with no address.
  it('a replica keeps the postal delivery address of the dossier it copies', async () => {
    const origin = createCore(defaultConfig({ dataDir: tempDir() }));
    const copy = createCore(defaultConfig({ dataDir: tempDir() }));
    try {
      const made = origin.dossiers.receiveRecord(
        receiveInput(origin.files, { delivery: 'post', deliveryAddress: '12 Hai Bà Trưng, Quận 1' }),
      );
      copy.files.put(Buffer.from('%PDF-1.4 scanned birth certificate')); // the component's file, as replication uploads it first
      copy.dossiers.storeReplica(made, null, 'new');
      expect(copy.dossiers.get(made.code).deliveryAddress).toBe('12 Hai Bà Trưng, Quận 1');
      copy.dossiers.storeReplica({ ...made, deliveryAddress: '5 Lê Lợi, Quận 1' }, null, 'replace');
      expect(copy.dossiers.get(made.code).deliveryAddress).toBe('5 Lê Lợi, Quận 1');
    } finally {
      await origin.close();
      await copy.close();
    }
  });

  it('receives a dossier: code, appointment on the working calendar, components, history, receipt kept', async () => {
    const core = testCore();
    try {
      const d = await core.dossiers.receive(receiveInput(core.files));
      expect(d.code).toBe('000.00.12.H56-260212-0001');
      // 3 working days from Thu 12/2/2026 10:00 across Tết (16–20/2 off): Fri 13, Mon 23, Tue 24.
      expect(d.dueAt).toBe('2026-02-24T10:00:00+07:00');
      expect(d.status).toBe(2);
      expect(d.ticketId).toBe('ticket-A012');
      expect(d.components.map((c) => c.digitization)).toEqual([1, 0]);
      expect(d.history).toEqual([expect.objectContaining({ from: null, to: 2, by: 'Trần Thị Bình' })]);
      expect(d.forms).toEqual([expect.objectContaining({ form: '01' })]);
      expect(core.files.get(d.forms[0]!.sha256).subarray(0, 5).toString()).toBe('%PDF-');
      const second = await core.dossiers.receive(receiveInput(core.files, { receivedAt: '2026-02-12T10:05:00+07:00' }));
      expect(second.code).toBe('000.00.12.H56-260212-0002');
      const nextDay = await core.dossiers.receive(receiveInput(core.files, { receivedAt: '2026-02-13T08:00:00+07:00' }));
      expect(nextDay.code).toBe('000.00.12.H56-260213-0001');
    } finally {
      await core.close();
    }
  });

  it('two offline workstations of one agency never issue the same code', async () => {
    const a = createCore(defaultConfig({ dataDir: tempDir(), station: 0 }));
    const b = createCore(defaultConfig({ dataDir: tempDir(), station: 1 }));
    try {
      const codes = new Set<string>();
      for (let i = 0; i < 5; i++) {
        codes.add(a.dossiers.receiveRecord(receiveInput(a.files)).code);
        codes.add(b.dossiers.receiveRecord(receiveInput(b.files)).code);
      }
      expect(codes.size).toBe(10);
      expect([...codes].filter((c) => c.endsWith('-1001'))).toHaveLength(1);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('refuses bad input with Vietnamese messages and saves nothing', async () => {
    const core = testCore();
    try {
      const input = receiveInput(core.files);
      expect(() => core.dossiers.receiveRecord({ ...input, components: input.components.slice(1) })).toThrow(/Thiếu thành phần bắt buộc/);
      expect(() => core.dossiers.receiveRecord({ ...input, applicant: { ...AN, sex: 'Nữ' } })).toThrow(/giới tính/);
      expect(() =>
        core.dossiers.receiveRecord({ ...input, components: [{ ...input.components[0]!, sha256: 'a'.repeat(64) }, input.components[1]!] }),
      ).toThrow(/chưa có trong kho/);
      expect(() => core.dossiers.receiveRecord({ ...input, procedureCode: '9.999999' })).toThrow(/Không có thủ tục/);
      expect(core.db.prepare('SELECT COUNT(*) FROM dossiers').pluck().get()).toBe(0);
    } finally {
      await core.close();
    }
  });

  it('calls change listeners inside the write transaction, and a failing listener rolls the change back', async () => {
    const core = testCore();
    try {
      const seen: DossierChange['type'][] = [];
      core.dossiers.addListener((db, change) => {
        expect(db.inTransaction).toBe(true);
        seen.push(change.type);
      });
      const d = core.dossiers.receiveRecord(receiveInput(core.files));
      core.dossiers.addComponent(
        d.code,
        { code: 'BS1', name: 'Giấy tờ bổ sung', originals: 0, copies: 1, sha256: null, fileName: null, reusedFrom: null },
        'Bình',
      );
      await core.dossiers.transition(d.code, 4, 'Bình', '');
      core.dossiers.returnResult(d.code, [{ name: 'Giấy xác nhận tình trạng hôn nhân', sha256: null }], 'Nguyễn Văn An', '', 'Bình');
      expect(seen).toEqual(['received', 'component-added', 'status-changed', 'status-changed', 'status-changed', 'result-returned']);

      core.dossiers.addListener(() => {
        throw new Error('outbox full');
      });
      expect(() => core.dossiers.receiveRecord(receiveInput(core.files))).toThrow('outbox full');
      expect(core.db.prepare('SELECT COUNT(*) FROM dossiers').pluck().get()).toBe(1);
    } finally {
      await core.close();
    }
  });

  it('allows only legal transitions, records who and when, and returns results', async () => {
    const core = testCore();
    try {
      const d = core.dossiers.receiveRecord(receiveInput(core.files));
      await expect(core.dossiers.transition(d.code, 10, 'Bình', '')).rejects.toThrow(/Trả kết quả/);
      await expect(core.dossiers.transition(d.code, 5, 'Bình', '')).rejects.toThrow(/lý do/);
      const supplement = await core.dossiers.transition(d.code, 5, 'Bình', 'Bổ sung bản sao giấy khai sinh');
      expect(supplement.forms.map((f) => f.form)).toEqual(['02']);
      await core.dossiers.transition(d.code, 4, 'Bình', 'Đã bổ sung');
      const scan = core.files.put(Buffer.from('%PDF-1.4 result'));
      const done = core.dossiers.returnResult(d.code, [{ name: 'Giấy xác nhận', sha256: scan.sha256 }], 'Nguyễn Văn An', '', 'Bình');
      expect(done.status).toBe(10);
      expect(done.history.map((h) => `${h.from}→${h.to}`)).toEqual(['null→2', '2→5', '5→4', '4→9', '9→10']);
      expect(done.result).toMatchObject({ collectedBy: 'Nguyễn Văn An', returnedBy: 'Bình' });
      await expect(core.dossiers.transition(d.code, 4, 'Bình', '')).rejects.toThrow(/trạng thái cuối/);

      // The returning applicant is found by ID number, with reusable components and results.
      const found = core.dossiers.findApplicant('079090001234');
      expect(found.applicant?.fullName).toBe('Nguyễn Văn An');
      expect(found.reusable.map((r) => r.kind).sort()).toEqual(['component', 'result']);
      const reused = core.dossiers.receiveRecord(
        receiveInput(core.files, {
          components: [
            {
              code: 'TP1',
              name: 'Tờ khai',
              originals: 1,
              copies: 0,
              sha256: found.reusable.find((r) => r.kind === 'component')!.sha256,
              fileName: null,
              reusedFrom: { kind: 'component', dossierCode: d.code },
            },
            {
              code: 'KQ',
              name: 'Giấy xác nhận cũ',
              originals: 0,
              copies: 1,
              sha256: scan.sha256,
              fileName: null,
              reusedFrom: { kind: 'result', dossierCode: d.code },
            },
            { code: 'GT', name: 'Giấy tờ tùy thân', originals: 1, copies: 0, sha256: null },
          ],
        }),
      );
      expect(reused.components.map((c) => c.digitization)).toEqual([2, 3, 0]);
    } finally {
      await core.close();
    }
  });

  it('searches by name without diacritics (đ→d), prefix, code, code tail, ID number and phone, newest first', async () => {
    const core = testCore();
    try {
      const names = ['Nguyễn Văn An', 'Đặng Thị Đào', 'Nguyễn Thị Đào', 'Trần Minh Đức'];
      const codes = names.map(
        (fullName, i) =>
          core.dossiers.receiveRecord(
            receiveInput(core.files, {
              applicant: { ...AN, fullName, idNumber: `07909000${1000 + i}`, phone: `090000000${i}` },
              receivedAt: `2026-03-0${i + 2}T09:00:00+07:00`,
            }),
          ).code,
      );
      const names_ = (query: string) => core.dossiers.search({ query }).map((s) => s.applicantName);
      expect(names_('dao')).toEqual(['Nguyễn Thị Đào', 'Đặng Thị Đào']);
      expect(names_('dang thi')).toEqual(['Đặng Thị Đào']);
      expect(names_('nguy')).toEqual(['Nguyễn Thị Đào', 'Nguyễn Văn An']);
      expect(names_('DUC')).toEqual(['Trần Minh Đức']);
      expect(names_('xac nhan tinh trang')).toHaveLength(4);
      expect(names_('079090001002')).toEqual(['Nguyễn Thị Đào']);
      expect(names_('0900 000 003')).toEqual(['Trần Minh Đức']);
      expect(names_(codes[1]!)).toEqual(['Đặng Thị Đào']);
      expect(names_(codes[1]!.slice(-11))).toEqual(['Đặng Thị Đào']);
      expect(names_('000.00.12.h56-2603')).toHaveLength(4);
      expect(core.dossiers.search({ query: 'dao', from: '2026-03-04' }).map((s) => s.applicantName)).toEqual(['Nguyễn Thị Đào']);
      expect(core.dossiers.search({ query: '', status: 2, limit: 2 })).toHaveLength(2);
      expect(names_('khong co ai')).toEqual([]);
    } finally {
      await core.close();
    }
  });

  it('lists overdue and due-soon dossiers', async () => {
    let now = new Date('2026-03-02T09:00:00+07:00');
    const core = testCore();
    try {
      const d1 = core.dossiers.receiveRecord(receiveInput(core.files, { receivedAt: '2026-02-24T09:00:00+07:00' })); // due 27/2 09:00
      const d2 = core.dossiers.receiveRecord(receiveInput(core.files, { receivedAt: '2026-02-26T15:00:00+07:00' })); // due 3/3 15:00
      // A second service on the same database, with a clock the test controls.
      const service = new DossierService(core.db, core.catalog, core.calendar, core.files, {
        agency: core.config.agency,
        station: 0,
        now: () => now,
      });
      expect(service.dueList('overdue', 8, 10).map((d) => d.code)).toEqual([d1.code]);
      expect(service.dueList('dueSoon', 16, 10).map((d) => d.code)).toEqual([d2.code]);
      expect(service.dueList('dueSoon', 4, 10)).toEqual([]);
      now = new Date('2026-03-04T09:00:00+07:00');
      expect(service.dueList('overdue', 8, 10).map((d) => d.code)).toEqual([d1.code, d2.code]);
    } finally {
      await core.close();
    }
  });

  it.each([
    ['', 'empty'],
    ['000.00.12.H56-251124-0007', 'code'],
    ['000.00', 'code'],
    ['251124-0007', 'code-tail'],
    ['079090001234', 'digits'],
    ['0912 345 678', 'digits'],
    ['nguyen van', 'text'],
    ['12', 'text'],
  ])('classifies %j as %s', (q, shape) => expect(classifyQuery(q)).toBe(shape));
});
