/**
 * Generated received dossiers for demos, training and load: real dossiers
 * through the dossier service (so they are searchable at the counter and their
 * outbox entries are written by the same transaction as every reception), with
 * generated attachment files in the FileStore.
 */
import { randomBytes } from 'node:crypto';
import type { Applicant, CatalogEntry, ComponentInput } from '../../../shared/contract';
import type { CatalogService } from '../catalog/catalog-service';
import type { FileStore } from '../files/file-store';
import type { DossierService } from './dossier-service';
import { vnIso } from './vn-time';

export interface SeedOptions {
  count: number;
  filesPerDossier: number;
  minSize: number;
  maxSize: number;
  onProgress?: (done: number) => void;
}

export interface SeedResult {
  dossiers: number;
  files: number;
  bytes: number;
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Huỳnh'];
const MIDDLE_MALE = ['Văn', 'Đức', 'Quốc', 'Minh'];
const MIDDLE_FEMALE = ['Thị', 'Ngọc', 'Thu', 'Thanh'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dung', 'Giang', 'Huy', 'Lan', 'Mai', 'Nam', 'Phúc', 'Quân', 'Trang'];
/** A station owns 999 numbers a day (see dossier-code.ts); stay below it and spread the rest over earlier days. */
const PER_DAY = 900;

/** A citizen whose 12-digit ID agrees with their sex and year of birth, as the reception checks. */
export function sampleApplicant(n: number): Applicant {
  const male = n % 2 === 0;
  const year = 1950 + ((n * 7) % 50);
  const month = 1 + (n % 12);
  const day = 1 + (n % 28);
  const sexDigit = male ? '0' : '1'; // born 1900–1999
  const idNumber = `079${sexDigit}${String(year % 100).padStart(2, '0')}${String(n % 1_000_000).padStart(6, '0')}`;
  const middle = (male ? MIDDLE_MALE : MIDDLE_FEMALE)[n % 4];
  return {
    kind: 'citizen',
    fullName: `${FAMILY[n % FAMILY.length]} ${middle} ${GIVEN[(n * 5) % GIVEN.length]}`,
    idNumber,
    oldIdNumber: null,
    birthDate: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    sex: male ? 'Nam' : 'Nữ',
    address: `${1 + (n % 200)} Lê Lợi, Phường Tân Định, TP. Hồ Chí Minh`,
    phone: `09${String(10_000_000 + (n % 89_999_999)).padStart(8, '0')}`,
    email: '',
    taxCode: null,
    organizationName: null,
  };
}

function sampleFile(files: FileStore, minSize: number, maxSize: number): { sha256: string; size: number } {
  const size = minSize + Math.floor(Math.random() * (maxSize - minSize + 1));
  // A PDF header so viewers recognise it; random bytes so every file is distinct and does not compress away.
  const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n%'), randomBytes(Math.max(0, size - 10))]).subarray(0, size);
  return files.put(bytes);
}

function componentsFor(procedure: CatalogEntry, options: SeedOptions, files: FileStore, tally: SeedResult): ComponentInput[] {
  const listed = procedure.components.map((c) => ({ code: c.code, name: c.name, originals: c.originals, copies: c.copies }));
  const extra = Array.from({ length: Math.max(0, options.filesPerDossier - listed.length) }, (_, k) => ({
    code: `KHAC${k + 1}`,
    name: `Giấy tờ khác ${k + 1}`,
    originals: 0,
    copies: 1,
  }));
  return [...listed, ...extra].map((c, k) => {
    if (k >= options.filesPerDossier) return { ...c, sha256: null, fileName: null, reusedFrom: null };
    const stored = sampleFile(files, options.minSize, options.maxSize);
    tally.files += 1;
    tally.bytes += stored.size;
    return { ...c, sha256: stored.sha256, fileName: `${c.code.toLowerCase()}.pdf`, reusedFrom: null };
  });
}

export function seedReceivedDossiers(
  services: { dossiers: DossierService; catalog: CatalogService; files: FileStore },
  options: SeedOptions,
  now = new Date(),
): SeedResult {
  const procedures = services.catalog.search('', 500);
  if (procedures.length === 0) throw new Error('catalog is empty');
  const tally: SeedResult = { dossiers: 0, files: 0, bytes: 0 };
  // Continue after what an earlier run made, so a second run fills earlier days instead of overflowing today's numbers.
  const start = services.dossiers.count();
  for (let i = 0; i < options.count; i++) {
    const n = start + i;
    const procedure = procedures[n % procedures.length]!;
    const receivedAt = new Date(now.getTime() - Math.floor(n / PER_DAY) * 86_400_000 - (n % PER_DAY) * 1000);
    services.dossiers.receiveRecord({
      procedureCode: procedure.code,
      applicant: sampleApplicant(n + 1),
      components: componentsFor(procedure, options, services.files, tally),
      officer: 'Dữ liệu mẫu',
      receivedAt: vnIso(receivedAt),
      notes: 'Hồ sơ mẫu (seed-dossiers)',
    });
    tally.dossiers += 1;
    if ((i + 1) % 50 === 0 || i + 1 === options.count) options.onProgress?.(i + 1);
  }
  return tally;
}
