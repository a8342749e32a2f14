import fs from 'node:fs';
import { AppError, type CatalogEntry, type ImportReport, type Procedure } from '../../../shared/contract';
import { foldVietnamese } from '../../../shared/domain/text-fold';
import type { Handlers } from '../contract/router';
import type { Db, Migration } from '../db/database';
import type { EventBus } from '../events';
import type { HealthSource } from '../devices/health';
import { parseJsonCatalog } from './catalog-import';
import { parseCatalogOffThread } from './catalog-import-client';

export const catalogMigrations: Migration[] = [
  {
    id: 'catalog/001-procedures',
    up: (db) =>
      db.exec(`
        CREATE TABLE procedures (
          code TEXT PRIMARY KEY,
          current_version INTEGER NOT NULL,
          active INTEGER NOT NULL DEFAULT 1
        );
        -- Every version ever imported: a dossier keeps the version it was received under.
        CREATE TABLE procedure_versions (
          code TEXT NOT NULL REFERENCES procedures(code),
          version INTEGER NOT NULL,
          data TEXT NOT NULL,
          imported_at TEXT NOT NULL,
          PRIMARY KEY (code, version)
        );
      `),
  },
];

interface VersionRow { code: string; version: number; data: string; imported_at: string; active: number }

/** The procedure catalog (thủ tục hành chính), versioned. */
export class CatalogService {
  private cache: { entry: CatalogEntry; folded: string }[] | null = null;

  constructor(
    private readonly db: Db,
    private readonly bus?: EventBus,
  ) {}

  private entry(row: VersionRow): CatalogEntry {
    return { ...(JSON.parse(row.data) as Procedure), version: row.version, importedAt: row.imported_at, active: row.active === 1 };
  }

  private current(): { entry: CatalogEntry; folded: string }[] {
    if (!this.cache) {
      const rows = this.db
        .prepare(
          `SELECT v.code, v.version, v.data, v.imported_at, p.active FROM procedures p
           JOIN procedure_versions v ON v.code = p.code AND v.version = p.current_version ORDER BY v.code`,
        )
        .all() as VersionRow[];
      this.cache = rows.map((r) => {
        const entry = this.entry(r);
        return { entry, folded: foldVietnamese(`${entry.code} ${entry.name} ${entry.field}`) };
      });
    }
    return this.cache;
  }

  /**
   * Every word of the query must start a word of code, name or field, or occur in them (diacritics-insensitive).
   * Best first: procedures whose words the query words start, then the rest, in code order.
   */
  search(query: string, limit = 50): CatalogEntry[] {
    const words = foldVietnamese(query).split(/\s+/).filter(Boolean);
    const scored = this.current().flatMap(({ entry, folded }) => {
      if (!entry.active) return [];
      const mine = folded.split(/[^\p{L}\p{N}.]+/u);
      let score = 0;
      for (const w of words) {
        if (mine.some((m) => m.startsWith(w))) score += 2;
        else if (folded.includes(w)) score += 1;
        else return [];
      }
      return [{ entry, score }];
    });
    return scored
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
      .map((h) => h.entry);
  }

  get(code: string, version?: number): CatalogEntry {
    const row = this.db
      .prepare(
        `SELECT v.code, v.version, v.data, v.imported_at, p.active FROM procedures p
         JOIN procedure_versions v ON v.code = p.code AND v.version = COALESCE(?, p.current_version) WHERE p.code = ?`,
      )
      .get(version ?? null, code) as VersionRow | undefined;
    if (!row) throw new AppError('not_found', `Không có thủ tục mã ${code}${version ? ` (phiên bản ${version})` : ''} trong danh mục.`);
    return this.entry(row);
  }

  /** Saves procedures; an unchanged one keeps its version, a changed one gets the next. All in one transaction. */
  save(procedures: readonly Procedure[], at = new Date().toISOString()): Omit<ImportReport, 'errors'> {
    const report = { created: 0, updated: 0, unchanged: 0 };
    const currentOf = this.db.prepare(
      'SELECT p.current_version AS version, v.data FROM procedures p JOIN procedure_versions v ON v.code = p.code AND v.version = p.current_version WHERE p.code = ?',
    );
    const insertVersion = this.db.prepare('INSERT INTO procedure_versions (code, version, data, imported_at) VALUES (?, ?, ?, ?)');
    const upsert = this.db.prepare(
      `INSERT INTO procedures (code, current_version, active) VALUES (?, ?, 1)
       ON CONFLICT(code) DO UPDATE SET current_version = excluded.current_version, active = 1`,
    );
    this.db.transaction(() => {
      for (const p of procedures) {
        const data = JSON.stringify(p);
        const existing = currentOf.get(p.code) as { version: number; data: string } | undefined;
        if (existing && existing.data === data) {
          report.unchanged++;
          continue;
        }
        const version = existing ? existing.version + 1 : 1;
        if (!existing) upsert.run(p.code, version);
        insertVersion.run(p.code, version, data, at);
        upsert.run(p.code, version);
        if (existing) report.updated++;
        else report.created++;
      }
    })();
    this.cache = null;
    if (report.created + report.updated > 0) this.bus?.emit('catalog.changed', { codes: procedures.map((p) => p.code) });
    return report;
  }

  async import(format: 'json' | 'csv' | 'xlsx', bytes: Uint8Array): Promise<ImportReport> {
    if (bytes.byteLength === 0) return { created: 0, updated: 0, unchanged: 0, errors: [{ row: 0, message: 'Tệp rỗng (0 byte): không có thủ tục nào để nhập.' }] };
    // Off the main thread, with size, row and unpacked-size caps (catalog-import.ts): a hostile file cannot freeze the hub.
    const parsed = await parseCatalogOffThread(format, bytes);
    const dupes = parsed.procedures.map((p) => p.code).filter((c, i, all) => all.indexOf(c) !== i);
    const errors = [...parsed.errors, ...[...new Set(dupes)].map((c) => ({ row: 0, message: `Mã thủ tục ${c} xuất hiện nhiều lần.` }))];
    if (errors.length > 0 || parsed.procedures.length === 0) {
      return { created: 0, updated: 0, unchanged: 0, errors: errors.length ? errors : [{ row: 0, message: 'Tệp không có thủ tục nào.' }] };
    }
    return { ...this.save(parsed.procedures), errors: [] };
  }

  /** For `doctor`: an empty catalog means no dossier can be received. */
  health(): HealthSource {
    return {
      id: 'catalog',
      check: () => {
        const count = this.current().filter((c) => c.entry.active).length;
        return {
          id: 'catalog',
          name: 'Danh mục thủ tục',
          status: count > 0 ? 'ok' : 'error',
          detail: count > 0 ? `${count} thủ tục đang áp dụng` : 'Chưa có thủ tục nào: nhập danh mục ở Giám sát → Danh mục thủ tục.',
        };
      },
    };
  }

  /** Loads the shipped seed catalog when the catalog is empty. */
  seed(file: string): boolean {
    const count = this.db.prepare('SELECT COUNT(*) FROM procedures').pluck().get() as number;
    if (count > 0) return false;
    const parsed = parseJsonCatalog(fs.readFileSync(file, 'utf8'));
    if (parsed.errors.length) throw new Error(`seed catalog invalid: ${JSON.stringify(parsed.errors)}`);
    this.save(parsed.procedures);
    return true;
  }
}

export function catalogHandlers(catalog: CatalogService): Pick<Handlers, 'catalog.search' | 'catalog.get' | 'catalog.import'> {
  return {
    'catalog.search': ({ query, limit }) => catalog.search(query, limit),
    'catalog.get': ({ code, version }) => catalog.get(code, version),
    'catalog.import': ({ format, base64 }) => catalog.import(format, Buffer.from(base64, 'base64')),
  };
}
