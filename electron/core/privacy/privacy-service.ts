import { AppError, type CitizenExport, type Retention } from '../../../shared/contract';
import { maskIdNumber } from '../../../shared/privacy/mask';
import { record } from '../audit/audit-log';
import type { Caller } from '../contract/router';
import type { Db } from '../db/database';
import type { FileStore } from '../files/file-store';
import { retentionDays, setRetentionDays } from './privacy-store';
import { vnIsoMs } from '../../../shared/vn-time';

/**
 * A feature that keeps citizen data registers one of these (queue tickets,
 * dossiers, digitized files …). Purge and export then cover it without the
 * privacy module knowing its tables.
 */
export interface PersonalDataSource {
  /** Stable id, e.g. `queue.tickets`. */
  id: string;
  /** Vietnamese, for reports: "Phiếu số thứ tự". */
  name: string;
  /**
   * Deletes records older than the cutoff (inside the purge transaction) and
   * answers how many went and which stored files they referenced.
   */
  purge(db: Db, cutoffIso: string): { records: number; files: string[] };
  /** After every purge: is this file still referenced by a record this source keeps? (content-addressed files are shared) */
  referencesFile(db: Db, sha256: string): boolean;
  /** Every record about one citizen (by CCCD/CMND number), as plain JSON, and the files they reference. */
  exportCitizen(db: Db, idNumber: string): { records: unknown[]; files: string[] };
}

export interface PurgeReport {
  cutoff: string;
  dryRun: boolean;
  sources: { id: string; name: string; records: number; files: number }[];
  filesRemoved: number;
}

const DAY_MS = 86_400_000;

export class PrivacyService {
  private readonly sources: PersonalDataSource[] = [];

  constructor(
    private readonly db: Db,
    private readonly files: FileStore,
  ) {}

  /** One line per feature at composition (app.ts). */
  register(source: PersonalDataSource): void {
    if (this.sources.some((s) => s.id === source.id)) throw new Error(`personal data source ${source.id} registered twice`);
    this.sources.push(source);
  }

  registered(): readonly PersonalDataSource[] {
    return this.sources;
  }

  retention(): Retention {
    return { days: retentionDays(this.db) };
  }

  setRetention(retention: Retention): Retention {
    setRetentionDays(this.db, retention.days);
    return this.retention();
  }

  /**
   * Deletes citizen records older than the retention period from every
   * registered source in one transaction, then removes the stored files no
   * remaining record references. Files go after the commit: a crash in between
   * leaves an orphan file, never a record pointing at a missing file.
   */
  purge(options: { now?: Date; days?: number; dryRun?: boolean; actor?: Caller | 'system' } = {}): PurgeReport {
    const days = options.days ?? this.retention().days;
    if (days === null || days === undefined) {
      throw new AppError('invalid_input', 'Chưa đặt thời hạn lưu trữ: dùng --days N hoặc đặt ở trang Giám sát.');
    }
    const cutoff = vnIsoMs((options.now ?? new Date()).getTime() - days * DAY_MS);
    const report: PurgeReport = { cutoff, dryRun: options.dryRun === true, sources: [], filesRemoved: 0 };
    const candidates = new Set<string>();
    const run = this.db.transaction(() => {
      for (const source of this.sources) {
        const result = source.purge(this.db, cutoff);
        result.files.forEach((f) => candidates.add(f));
        report.sources.push({ id: source.id, name: source.name, records: result.records, files: result.files.length });
      }
      record(this.db, {
        actor: options.actor ?? 'system',
        action: 'privacy.purge',
        subjectType: 'retention',
        detail: { cutoff, sources: report.sources },
      });
      // A dry run counts inside the transaction and rolls it back.
      if (report.dryRun) throw new DryRun();
    });
    try {
      run();
    } catch (error) {
      if (!(error instanceof DryRun)) throw error;
      return report;
    }
    for (const sha256 of candidates) {
      if (this.sources.some((s) => s.referencesFile(this.db, sha256))) continue;
      if (this.files.remove(sha256)) report.filesRemoved++;
    }
    return report;
  }

  exportCitizen(idNumber: string, actor: Caller | 'system'): CitizenExport {
    const sections = this.sources.map((source) => {
      const found = source.exportCitizen(this.db, idNumber);
      return { source: source.id, name: source.name, records: found.records, files: found.files };
    });
    record(this.db, {
      actor,
      action: 'privacy.exportCitizen',
      subjectType: 'citizen',
      subjectId: maskIdNumber(idNumber),
      detail: { sections: sections.map((s) => ({ source: s.source, records: s.records.length })) },
    });
    return { idNumber, exportedAt: vnIsoMs(new Date()), sections };
  }
}

class DryRun extends Error {}
