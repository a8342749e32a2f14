/**
 * The one search box over dossiers: what the typed text looks like decides which index answers it
 * (README "Search"). Newest first, always through an index; the SQL is in dossier-store.ts.
 */
import type { DossierSummary } from '../../../shared/contract';
import type { DossierStatus } from '../../../shared/domain/status';
import { searchTokens } from '../../../shared/domain/text-fold';
import type { Db } from '../db/database';
import { hasFilter, summariesByPrefix, summaryIfMatches, textMatches, type SummaryFilter } from './dossier-store';

export interface SearchInput {
  query?: string;
  status?: DossierStatus;
  procedureCode?: string;
  officer?: string;
  from?: string;
  to?: string;
  limit?: number;
}

/** What the text in the one search box looks like. */
export type QueryShape = 'empty' | 'code' | 'code-tail' | 'digits' | 'text';

export function classifyQuery(query: string): QueryShape {
  const q = query.trim();
  if (q === '') return 'empty';
  if (/^[0-9A-Za-z]{2,4}\.[0-9A-Za-z.]*(-[0-9-]*)?$/.test(q) && /[.]/.test(q) && /\d/.test(q)) return 'code';
  if (/^\d{6}-\d{0,4}$/.test(q)) return 'code-tail';
  if (/^[\d\s.+-]+$/.test(q) && q.replace(/\D/g, '').length >= 3) return 'digits';
  return 'text';
}

/** An FTS5 query where every word is a quoted prefix: `"nguyen"* AND "van"*`. */
export function ftsQuery(text: string): string | null {
  const tokens = searchTokens(text).slice(0, 8);
  if (tokens.length === 0) return null;
  return tokens.map((t) => `"${t}"*`).join(' AND ');
}

/** Batches of text matches walked before giving up on a rare filter. */
const TEXT_BATCHES = 50;
const TEXT_BATCH_SIZE = 200;

export function searchDossiers(db: Db, input: SearchInput): DossierSummary[] {
  const limit = input.limit ?? 20;
  const filter: SummaryFilter = {
    status: input.status,
    procedureCode: input.procedureCode,
    officer: input.officer,
    from: input.from,
    to: input.to,
  };
  const query = (input.query ?? '').trim();
  switch (classifyQuery(query)) {
    case 'empty':
      return summariesByPrefix(db, [], '', filter, limit);
    case 'code': {
      const prefix = query.toUpperCase();
      if (!/^[0-9A-Z.-]+$/.test(prefix)) return [];
      return summariesByPrefix(db, ['code'], prefix, filter, limit);
    }
    case 'code-tail':
      return summariesByPrefix(db, ['code_tail'], query, filter, limit);
    case 'digits':
      return summariesByPrefix(db, ['id_number', 'phone'], query.replace(/\D/g, ''), filter, limit);
    case 'text':
      return textSearch(db, query, filter, limit);
  }
}

/** Walks the text matches newest first in batches; filters (if any) are applied to each batch. */
function textSearch(db: Db, query: string, filter: SummaryFilter, limit: number): DossierSummary[] {
  const match = ftsQuery(query);
  if (!match) return [];
  const filtered = hasFilter(filter);
  const out: DossierSummary[] = [];
  let below = Number.MAX_SAFE_INTEGER;
  for (let batch = 0; batch < TEXT_BATCHES && out.length < limit; batch++) {
    const chunk = textMatches(db, match, below, filtered ? TEXT_BATCH_SIZE : limit);
    for (const id of chunk) {
      const found = summaryIfMatches(db, id, filter);
      if (found) out.push(found);
      if (out.length >= limit) break;
    }
    if (chunk.length === 0 || !filtered) break;
    below = chunk[chunk.length - 1]!;
  }
  return out;
}
