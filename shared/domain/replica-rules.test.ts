import { describe, expect, it } from 'vitest';
import { replicaConflict, type ReplicaState, type ReplicaStep } from './replica-rules';

const open: ReplicaState = { status: 2, dueAt: '2026-12-03T17:00:00+07:00', hasResult: false, last: null };
const returned: ReplicaState = {
  status: 10,
  dueAt: open.dueAt,
  hasResult: true,
  last: { at: '2026-12-01T10:15:00+07:00', by: 'Lê Văn Hai' },
};

describe('the hub checks a group of changes against its copy', () => {
  it.each<[string, ReplicaState, ReplicaStep[]]>([
    [
      'a return from the status the hub holds',
      open,
      [{ type: 'status', from: 2, to: 9 }, { type: 'status', from: 9, to: 10 }, { type: 'result' }],
    ],
    ['a supplement to an open dossier', open, [{ type: 'component' }]],
    [
      'a reschedule from the current due date',
      open,
      [{ type: 'apology', previousDueAt: open.dueAt, newDueAt: '2026-12-05T17:00:00+07:00' }],
    ],
    ['a form on a returned dossier (a reprint is a fact)', returned, [{ type: 'form' }]],
  ])('applies: %s', (_label, state, steps) => {
    expect(replicaConflict(state, steps)).toBeNull();
  });

  it.each<[string, ReplicaState, ReplicaStep[], RegExp]>([
    [
      'returned at another counter first',
      returned,
      [{ type: 'status', from: 2, to: 9 }, { type: 'status', from: 9, to: 10 }, { type: 'result' }],
      /Đã trả kết quả.*Lê Văn Hai/,
    ],
    [
      'a result when the hub already holds one',
      { ...open, status: 10, hasResult: true },
      [{ type: 'result' }],
      /đã được trả kết quả tại quầy khác/,
    ],
    ['a supplement to a returned dossier', returned, [{ type: 'component' }], /không bổ sung/],
    [
      'a reschedule after another reschedule',
      open,
      [{ type: 'apology', previousDueAt: '2026-12-02T17:00:00+07:00', newDueAt: '2026-12-09T17:00:00+07:00' }],
      /Ngày hẹn trả.*đã được đổi/,
    ],
    ['an illegal step', open, [{ type: 'status', from: 2, to: 10 }], /./],
  ])('refuses: %s', (_label, state, steps, reason) => {
    expect(replicaConflict(state, steps)).toMatch(reason);
  });

  it('checks each step against the state the earlier steps of the group made', () => {
    expect(
      replicaConflict(open, [
        { type: 'status', from: 2, to: 4 },
        { type: 'status', from: 2, to: 9 },
      ]),
    ).toMatch(/Đang xử lý/);
  });
});
