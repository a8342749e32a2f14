import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { CatalogEntry } from '../../../../shared/contract';
import { bridge } from '../../../bridge';
import { useT } from '../../../i18n';

export function processingLabel(p: CatalogEntry): string {
  if (p.processing.value === 0) return `trong ngày${p.sameDayCutoff ? ` (sau ${p.sameDayCutoff}: ngày làm việc tiếp theo)` : ''}`;
  return `${p.processing.value} ${p.processing.unit === 'days' ? 'ngày làm việc' : 'giờ làm việc'}`;
}

/**
 * The procedure search on "Tiếp nhận", as a WAI-ARIA combobox (list autocomplete): the focus stays in the
 * input, the arrow keys move the active option, which is scrolled into view and announced through
 * aria-activedescendant; Enter picks it. Repro #17: after eleven ArrowDown presses option 12 was selected
 * but the list stayed at the top, and the input had no label nor combobox semantics.
 */
export function ProcedurePicker({ onPick }: { onPick: (p: CatalogEntry) => void }) {
  const t = useT();
  const id = useId();
  const listId = `${id}-list`;
  const optionId = (i: number) => `${id}-opt-${i}`;
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<{ query: string; list: CatalogEntry[] }>({ query: '\u0000', list: [] });
  const [active, setActive] = useState(0);
  const list = useRef<HTMLUListElement>(null);
  const search = (q: string) => bridge.call('catalog.search', { query: q, limit: 12 }).then((found) => ({ query: q, list: found }));
  useEffect(() => {
    const timer = setTimeout(() => void search(query).then(setHits), 80);
    return () => clearTimeout(timer);
  }, [query]);
  useEffect(() => {
    // Only the list scrolls ('nearest'): the page itself stays put while the officer moves through options.
    list.current?.querySelector(`[id="${CSS.escape(optionId(active))}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active, hits]);

  async function onKey(e: KeyboardEvent) {
    const last = hits.list.length - 1;
    if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, last));
    else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
    else if (e.key === 'Home' && e.ctrlKey) setActive(0);
    else if (e.key === 'End' && e.ctrlKey) setActive(Math.max(last, 0));
    else if (e.key === 'Enter') {
      e.preventDefault();
      // Typed faster than the list refreshed: pick from the answer to what is in the box now, never a stale list.
      const current = hits.query === query ? hits : await search(query);
      setHits(current);
      const chosen = current.list[hits.query === query ? active : 0];
      if (chosen) onPick(chosen);
      return;
    } else return;
    e.preventDefault();
  }

  const expanded = hits.list.length > 0;
  return (
    <div className="picker">
      <label htmlFor={`${id}-input`} className="picker-label">
        {t('dossier.procedureSearchLabel')}
      </label>
      <input
        id={`${id}-input`}
        autoFocus
        className="wide"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded ? optionId(active) : undefined}
        placeholder={t('dossier.procedureSearch')}
        value={query}
        autoComplete="off"
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => void onKey(e)}
        data-testid="procedure-search"
      />
      <p className="sr-only" role="status">
        {hits.query === query ? `${hits.list.length} ${t('a11y.procedureCount')}` : ''}
      </p>
      <ul
        id={listId}
        ref={list}
        className="picker-list"
        role="listbox"
        aria-label={t('a11y.procedureResults')}
        tabIndex={-1}
        data-testid="procedure-list"
      >
        {hits.list.map((p, i) => (
          <li
            key={p.code}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : undefined}
            onMouseDown={(e) => {
              e.preventDefault();
              onPick(p);
            }}
          >
            <b>{p.code}</b> {p.name}{' '}
            <span className="muted">
              · {p.field} · {processingLabel(p)}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
