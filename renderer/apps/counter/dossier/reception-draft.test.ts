import { describe, expect, it } from 'vitest';
import { ReceiveInputSchema, type CatalogEntry } from '../../../../shared/contract';
import {
  draftReducer,
  draftStorageKey,
  isPristine,
  missingForReceive,
  newDraft,
  parseStoredDraft,
  toReceiveInput,
  type DraftAction,
  type ReceptionDraft,
} from './reception-draft';

const PROCEDURE: CatalogEntry = {
  code: '1.004873',
  name: 'Cấp Giấy xác nhận tình trạng hôn nhân',
  field: 'Hộ tịch',
  level: 'Cấp xã',
  processing: { unit: 'days', value: 3 },
  sameDayCutoff: null,
  decidingAgency: 'UBND xã',
  components: [
    { code: 'TP1', name: 'Tờ khai', originals: 1, copies: 0, required: true, form: null },
    { code: 'GT', name: 'Giấy tờ tùy thân', originals: 0, copies: 1, required: false, form: null },
  ],
  fees: [{ name: 'Lệ phí', amount: 10000 }],
  version: 1,
  importedAt: '2026-01-01T00:00:00+07:00',
  active: true,
};
const A001 = { id: 'ticket-a', number: 'A001' };
const B001 = { id: 'ticket-b', number: 'B001' };
const SHA = 'a'.repeat(64);

function run(actions: DraftAction[], start: ReceptionDraft = newDraft('draft-0001', A001)): ReceptionDraft {
  return actions.reduce(draftReducer, start);
}

const filled: DraftAction[] = [
  { type: 'pick', procedure: PROCEDURE },
  {
    type: 'applicant',
    patch: { fullName: ' Nguyễn Văn An ', idNumber: '079090001234', phone: ' 0912 345 678 ', birthDate: '1990-02-01', sex: 'Nam' },
  },
  {
    type: 'component',
    index: 0,
    patch: { received: true, sha256: SHA, fileName: 'to-khai.pdf', info: { kind: 'pdf', pages: 2, thumbnailSha256: null } },
  },
];

describe('toReceiveInput', () => {
  it.each<[string, DraftAction[], Record<string, unknown> | null, string[]?]>([
    ['no procedure → no request', [], null],
    [
      'received components only, trimmed name and phone, own ticket and id',
      filled,
      {
        procedureCode: '1.004873',
        ticketId: 'ticket-a',
        requestId: 'draft-0001',
        delivery: 'desk',
        components: [{ code: 'TP1', name: 'Tờ khai', originals: 1, copies: 0, sha256: SHA, fileName: 'to-khai.pdf', reusedFrom: null }],
        fees: [{ name: 'Lệ phí', amount: 10000 }],
      },
    ],
    ['edited fee', [...filled, { type: 'fee', index: 0, amount: 0 }], { fees: [{ name: 'Lệ phí', amount: 0 }] }],
    [
      'post with an address',
      [...filled, { type: 'delivery', value: 'post' }, { type: 'field', field: 'deliveryAddress', value: ' 1 Lê Lợi ' }],
      { delivery: 'post', deliveryAddress: '1 Lê Lợi' },
    ],
    [
      "post without an address falls back to the applicant's",
      [...filled, { type: 'delivery', value: 'post' }],
      { delivery: 'post' },
      ['deliveryAddress'],
    ],
    [
      'organization drops the citizen id',
      [...filled, { type: 'applicant', patch: { kind: 'organization', taxCode: '0101234567', organizationName: 'Công ty A' } }],
      {
        applicant: expect.objectContaining({ idNumber: null, taxCode: '0101234567', organizationName: 'Công ty A' }),
      },
    ],
    [
      'a ticket called later does not re-link a draft with data (repro A001 → B001)',
      [...filled, { type: 'serving', ticket: B001 }],
      { ticketId: 'ticket-a' },
    ],
  ])('%s', (_name, actions, expected, absent = []) => {
    const input = toReceiveInput(run(actions));
    if (expected === null) {
      expect(input).toBeNull();
      return;
    }
    expect(input).toMatchObject(expected);
    for (const key of absent) expect(input).not.toHaveProperty(key);
    // Whatever the draft, its request passes the contract.
    expect(ReceiveInputSchema.safeParse(input).success).toBe(true);
  });

  it('trims the citizen fields and carries a refusal', () => {
    const input = toReceiveInput(run(filled), '  Thiếu giấy tờ ');
    expect(input?.applicant).toMatchObject({ fullName: 'Nguyễn Văn An', phone: '0912 345 678' });
    expect(input?.refusalReason).toBe('Thiếu giấy tờ');
  });
});

describe('ticket binding', () => {
  it('a pristine draft follows the ticket served now', () => {
    expect(run([{ type: 'serving', ticket: B001 }]).ticket).toEqual(B001);
    expect(run([{ type: 'serving', ticket: B001 }], newDraft('draft-0002', null)).ticket).toEqual(B001);
  });

  it('a draft with data keeps its ticket, even when the ticket ends (null) or another is called', () => {
    expect(run([...filled, { type: 'serving', ticket: null }, { type: 'serving', ticket: B001 }]).ticket).toEqual(A001);
  });

  it("a walk-in draft is linked only on the officer's word, and a bound one never", () => {
    const walkIn = run(filled, newDraft('draft-0003', null));
    expect(run([{ type: 'serving', ticket: B001 }], walkIn).ticket).toBeNull();
    expect(run([{ type: 'bind', ticket: B001 }], walkIn).ticket).toEqual(B001);
    expect(run([...filled, { type: 'bind', ticket: B001 }]).ticket).toEqual(A001);
  });

  it('"new citizen" is a new id and an empty form', () => {
    const next = run([...filled, { type: 'new', id: 'draft-0004', ticket: B001 }]);
    expect(next).toEqual(newDraft('draft-0004', B001));
    expect(isPristine(next)).toBe(true);
    expect(isPristine(run(filled))).toBe(false);
  });
});

describe('missingForReceive', () => {
  it.each<[string, DraftAction[], string | null, string[]]>([
    ['no procedure', [], null, ['Chưa chọn thủ tục']],
    [
      'empty applicant and a required component',
      [{ type: 'pick', procedure: PROCEDURE }],
      null,
      ['Chưa có họ tên người nộp', 'Chưa có số định danh cá nhân', 'Thiếu thành phần bắt buộc: Tờ khai'],
    ],
    ['an id problem is said', filled, 'Số định danh không khớp năm sinh', ['Số định danh không khớp năm sinh']],
    ['complete', filled, null, []],
  ])('%s', (_name, actions, idProblem, expected) => {
    expect(missingForReceive(run(actions), idProblem)).toEqual(expected);
  });
});

describe('stored draft', () => {
  it('round-trips through JSON and drops damaged entries', () => {
    const d = run(filled);
    expect(parseStoredDraft(JSON.stringify(d))).toEqual(d);
    // A half-typed id number is still a draft (the contract's 12 digits apply at receive).
    const typing = run([{ type: 'applicant', patch: { idNumber: '0790', phone: '09' } }], d);
    expect(parseStoredDraft(JSON.stringify(typing))?.applicant.idNumber).toBe('0790');
    expect(parseStoredDraft('{"id":1}')).toBeNull();
    expect(parseStoredDraft('not json')).toBeNull();
    expect(parseStoredDraft(null)).toBeNull();
    expect(draftStorageKey('q1')).not.toBe(draftStorageKey('q2'));
  });
});
