/**
 * Dossier status codes used with the national portal (DVCQG) and the legal
 * transitions between them. Every transition is recorded with who and when.
 */
export const DOSSIER_STATUS = {
  NEW: 1,
  RECEIVED: 2,
  NOT_ACCEPTED: 3,
  PROCESSING: 4,
  SUPPLEMENT_REQUESTED: 5,
  FINANCIAL_OBLIGATION: 6,
  WITHDRAWN: 7,
  STOPPED: 8,
  PROCESSED: 9,
  RETURNED: 10,
} as const;

export type DossierStatus = (typeof DOSSIER_STATUS)[keyof typeof DOSSIER_STATUS];
export const STATUS_CODES = Object.values(DOSSIER_STATUS) as DossierStatus[];

export const STATUS_NAMES: Readonly<Record<DossierStatus, string>> = {
  1: 'Mới đăng ký',
  2: 'Được tiếp nhận',
  3: 'Không được tiếp nhận',
  4: 'Đang xử lý',
  5: 'Yêu cầu bổ sung giấy tờ',
  6: 'Yêu cầu thực hiện nghĩa vụ tài chính',
  7: 'Công dân yêu cầu rút hồ sơ',
  8: 'Dừng xử lý',
  9: 'Đã xử lý xong',
  10: 'Đã trả kết quả',
};

/**
 * Allowed next statuses. A desk-received dossier is created directly as 2 (or 3
 * when refused at the desk); 1 is for dossiers registered online first.
 * 3, 7, 8 and 10 are final.
 */
export const TRANSITIONS: Readonly<Record<DossierStatus, readonly DossierStatus[]>> = {
  1: [2, 3, 7],
  2: [4, 5, 6, 7, 8, 9],
  3: [],
  4: [5, 6, 7, 8, 9],
  5: [4, 7, 8],
  6: [4, 7, 8, 9],
  7: [],
  8: [],
  9: [10],
  10: [],
};

/** Statuses a dossier may be created with at the desk. */
export const INITIAL_STATUSES: readonly DossierStatus[] = [1, 2, 3];

export function isDossierStatus(value: number): value is DossierStatus {
  return (STATUS_CODES as number[]).includes(value);
}

export function canTransition(from: DossierStatus, to: DossierStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isFinal(status: DossierStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

/** Open dossiers count towards overdue / due-soon lists. */
export function isOpen(status: DossierStatus): boolean {
  return status === 1 || status === 2 || status === 4 || status === 5 || status === 6;
}

/** Vietnamese reason when a transition is not allowed, or null when it is. */
export function transitionError(from: DossierStatus, to: DossierStatus): string | null {
  if (canTransition(from, to)) return null;
  if (isFinal(from)) return `Hồ sơ đã ở trạng thái cuối "${STATUS_NAMES[from]}", không chuyển được nữa.`;
  return `Không được chuyển hồ sơ từ "${STATUS_NAMES[from]}" sang "${STATUS_NAMES[to]}".`;
}
