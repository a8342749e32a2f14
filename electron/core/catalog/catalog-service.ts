import fs from 'node:fs';
import { AppError, type CatalogEntry, type ImportReport, type Procedure } from '../../../shared/contract';
import { foldVietnamese } from '../../../shared/domain/text-fold';
import type { Handlers } from '../contract/router';
import type { Db } from '../db/database';
import type { EventBus } from '../events';
import type { HealthSource } from '../devices/health';
import { parseJsonCatalog } from './catalog-import';
import { parseCatalogOffThread } from './catalog-import-client';
import * as store from './catalog-store';
import { vnIsoMs } from '../../../shared/vn-time';

export { catalogMigrations } from './migrations';

/** The procedure catalog (thủ tục hành chính), versioned. */
export class CatalogService {
  private cache: { entry: CatalogEntry; folded: string }[] | null = null;

  constructor(
    private readonly db: Db,
    private readonly bus?: EventBus,
  ) {}

  private current(): { entry: CatalogEntry; folded: string }[] {
    this.cache ??= store
      .currentEntries(this.db)
      .map((entry) => ({ entry, folded: foldVietnamese(`${entry.code} ${entry.name} ${entry.field}`) }));
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
    const row = store.entry(this.db, code, version ?? null);
    if (!row) throw new AppError('not_found', `Không có thủ tục mã ${code}${version ? ` (phiên bản ${version})` : ''} trong danh mục.`);
    return row;
  }

  /** Saves procedures; an unchanged one keeps its version, a changed one gets the next. All in one transaction. */
  save(procedures: readonly Procedure[], at = vnIsoMs(new Date())): Omit<ImportReport, 'errors'> {
    const report = store.saveProcedures(this.db, procedures, at);
    this.cache = null;
    if (report.created + report.updated > 0) this.bus?.emit('catalog.changed', { codes: procedures.map((p) => p.code) });
    return report;
  }

  async import(format: 'json' | 'csv' | 'xlsx', bytes: Uint8Array): Promise<ImportReport> {
    if (bytes.byteLength === 0)
      return { created: 0, updated: 0, unchanged: 0, errors: [{ row: 0, message: 'Tệp rỗng (0 byte): không có thủ tục nào để nhập.' }] };
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
    if (store.procedureCount(this.db) > 0) return false;
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
