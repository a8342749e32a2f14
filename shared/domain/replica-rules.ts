/**
 * The hub's check of a group of changes made at a workstation. Once the hub
 * holds a dossier it is its authority: a group applies only if every step
 * still follows from the hub's copy (the status the workstation started
 * from, an open dossier for a supplement, the due date it rescheduled from).
 * Otherwise the whole group is refused with a reason the officer reads in
 * the "cần xử lý" list. Nothing is merged or overwritten silently.
 */
import { STATUS_NAMES, isOpen, transitionError, type DossierStatus } from './status';

export interface ReplicaState {
  status: DossierStatus;
  dueAt: string;
  hasResult: boolean;
  /** The hub's latest step, to say who got there first. */
  last: { at: string; by: string } | null;
}

export type ReplicaStep =
  | { type: 'status'; from: DossierStatus; to: DossierStatus }
  | { type: 'component' }
  | { type: 'result' }
  | { type: 'apology'; previousDueAt: string; newDueAt: string }
  | { type: 'form' };

function who(state: ReplicaState): string {
  return state.last
    ? ` (${state.last.by}, lúc ${state.last.at.slice(11, 16)} ngày ${state.last.at.slice(8, 10)}/${state.last.at.slice(5, 7)})`
    : '';
}

/** Null when the group applies to the hub's copy; otherwise why not, in Vietnamese. Pure: the caller applies. */
export function replicaConflict(initial: ReplicaState, steps: readonly ReplicaStep[]): string | null {
  const state = { ...initial };
  for (const step of steps) {
    switch (step.type) {
      case 'status': {
        if (state.status !== step.from) {
          return `Hồ sơ đã ở trạng thái "${STATUS_NAMES[state.status]}" tại máy chủ sảnh${who(state)}; thao tác "${STATUS_NAMES[step.to]}" làm ở máy này khi hồ sơ còn "${STATUS_NAMES[step.from]}" nên không áp dụng.`;
        }
        const error = transitionError(step.from, step.to);
        if (error) return error;
        state.status = step.to;
        break;
      }
      case 'component':
        if (!isOpen(state.status))
          return `Hồ sơ đã ở trạng thái "${STATUS_NAMES[state.status]}" tại máy chủ sảnh${who(state)}; không bổ sung thành phần được nữa.`;
        break;
      case 'result':
        if (state.hasResult) return `Hồ sơ đã được trả kết quả tại quầy khác${who(state)}; lần trả kết quả ở máy này không được ghi.`;
        if (state.status !== 10) return `Hồ sơ đang ở trạng thái "${STATUS_NAMES[state.status]}" tại máy chủ sảnh; chưa trả kết quả được.`;
        state.hasResult = true;
        break;
      case 'apology':
        if (!isOpen(state.status))
          return `Hồ sơ đã ở trạng thái "${STATUS_NAMES[state.status]}" tại máy chủ sảnh${who(state)}; không hẹn lại được.`;
        if (state.dueAt !== step.previousDueAt)
          return `Ngày hẹn trả của hồ sơ đã được đổi tại quầy khác${who(state)}; lần hẹn lại ở máy này không được ghi.`;
        state.dueAt = step.newDueAt;
        break;
      case 'form':
        break;
    }
  }
  return null;
}
