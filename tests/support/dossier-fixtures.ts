/** A desk reception of procedure 2.000884 (chứng thực chữ ký) that passes the reception's checks. */
export const RECEPTION_PROCEDURE = '2.000884';

export const SAMPLE_APPLICANT = {
  kind: 'citizen',
  fullName: 'Hồ Văn Đông',
  idNumber: '046200001111',
  oldIdNumber: null,
  birthDate: '2000-05-05',
  sex: 'Nam',
  address: 'Huế',
  phone: '0905 111 222',
  email: '',
  taxCode: null,
  organizationName: null,
} as const;

export const SAMPLE_COMPONENTS = [
  { code: 'TP1', name: 'Giấy tờ cần chứng thực chữ ký', originals: 1, copies: 0, sha256: null },
  { code: 'GT', name: 'Giấy tờ tùy thân', originals: 1, copies: 0, sha256: null },
] as const;

/** The applicant of a birth registration (procedure "khai sinh"), as the hall's replication tests receive it. */
export const BIRTH_APPLICANT = {
  kind: 'citizen',
  fullName: 'Nguyễn Văn An',
  idNumber: '079090001234',
  oldIdNumber: null,
  birthDate: '1990-02-01',
  sex: 'Nam',
  address: '12 Lê Lợi, TP. Hồ Chí Minh',
  phone: '0912345678',
  email: '',
  taxCode: null,
  organizationName: null,
} as const;
