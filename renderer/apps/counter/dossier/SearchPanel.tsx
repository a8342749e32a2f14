import { useEffect, useState } from 'react';
import type { CatalogEntry, Dossier, DossierSummary } from '../../../../shared/contract';
import { STATUS_CODES, STATUS_NAMES, TRANSITIONS, type DossierStatus } from '../../../../shared/domain/status';
import { bridge } from '../../../bridge';

import { FormError } from '../../../components/Shell';
import { useT } from '../../../i18n';
import { PdfPreview } from './PdfPreview';
import { storeFile, vnDateTime } from './pdf';
import { DateInput } from '../../../components/DateTimeInput';
import { FileButton } from '../../../components/FileButton';

/** Vietnamese decimals (1,9 ms), whatever the browser's language. */
const MS = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });

type Row = DossierSummary & { workingMinutesLeft?: number };

function Results({ rows, onOpen, testId }: { rows: Row[]; onOpen: (code: string) => void; testId: string }) {
  const t = useT();
  return (
    <table data-testid={testId} className="results">
      <thead>
        <tr>
          <th>{t('dossier.code')}</th>
          <th>{t('dossier.fullName')}</th>
          <th>{t('dossier.procedure')}</th>
          <th>{t('dossier.status')}</th>
          <th>{t('dossier.receivedAt')}</th>
          <th>{t('dossier.due')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.code} tabIndex={0} onClick={() => onOpen(r.code)} onKeyDown={(e) => e.key === 'Enter' && onOpen(r.code)}>
            <td>{r.code}</td>
            <td>{r.applicantName}</td>
            <td>{r.procedureName}</td>
            <td>{STATUS_NAMES[r.status]}</td>
            <td>{vnDateTime(r.receivedAt)}</td>
            <td>
              {vnDateTime(r.dueAt)}
              {r.workingMinutesLeft !== undefined && (
                <span className={r.workingMinutesLeft < 0 ? 'err' : 'muted'}>
                  {' '}
                  ({Math.round(r.workingMinutesLeft / 60)} {t('dossier.workingHours')})
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DossierDetail({ code, onClose }: { code: string; onClose: () => void }) {
  const t = useT();
  const [dossier, setDossier] = useState<Dossier | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [to, setTo] = useState<DossierStatus | ''>('');
  const [note, setNote] = useState('');
  const [docName, setDocName] = useState('');
  const [docSha, setDocSha] = useState<string | null>(null);
  const [collectedBy, setCollectedBy] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  const [extraName, setExtraName] = useState('');

  useEffect(() => {
    void bridge.call('dossier.get', { code }).then(setDossier, (e: Error) => setError(e.message));
  }, [code]);

  async function act(run: () => Promise<Dossier>) {
    setError(null);
    try {
      setDossier(await run());
    } catch (e) {
      setError((e as Error).message);
    }
  }
  if (!dossier) return <p className="muted">{error ?? t('app.loading')}</p>;
  const next = TRANSITIONS[dossier.status].filter((s) => s !== 10);
  const canReturn = dossier.status === 9 || TRANSITIONS[dossier.status].includes(9);

  return (
    <section className="panel" data-testid="dossier-detail">
      <div className="inline-form">
        <h2>
          {dossier.code} — {STATUS_NAMES[dossier.status]}
        </h2>
        <button type="button" onClick={onClose}>
          {t('dossier.back')}
        </button>
      </div>
      <p>
        {dossier.applicant.fullName} · {dossier.procedureName} (v{dossier.procedureVersion}) · {t('dossier.due')}{' '}
        {vnDateTime(dossier.dueAt)}
        {dossier.ticketNumber && ` · ${t('dossier.ticket')} ${dossier.ticketNumber}`}
      </p>
      <h3>{t('dossier.components')}</h3>
      <ul>
        {dossier.components.map((c) => (
          <li key={c.id}>
            {c.name} — {['chưa số hóa', 'đã số hóa', 'tái sử dụng thành phần', 'tái sử dụng kết quả'][c.digitization]}
          </li>
        ))}
      </ul>
      {[1, 2, 4, 5, 6].includes(dossier.status) && (
        <div className="inline-form" data-testid="add-component">
          <input placeholder={t('dossier.supplementName')} value={extraName} onChange={(e) => setExtraName(e.target.value)} />
          <FileButton
            label={t('dossier.attachSupplement')}
            accept="application/pdf,image/jpeg,image/png"
            testId="add-component-file"
            disabled={!extraName.trim()}
            onFiles={(files) => {
              const file = files[0];
              if (!file) return;
              void act(async () => {
                const sha256 = await storeFile(file);
                const next = await bridge.call('dossier.addComponent', {
                  code,
                  component: {
                    code: `BS${dossier.components.length + 1}`,
                    name: extraName.trim(),
                    originals: 0,
                    copies: 1,
                    sha256,
                    fileName: file.name,
                    reusedFrom: null,
                  },
                });
                setExtraName('');
                return next;
              });
            }}
          />
        </div>
      )}
      <h3>{t('dossier.history')}</h3>
      <ol data-testid="history">
        {dossier.history.map((h, i) => (
          <li key={i}>
            {vnDateTime(h.at)} — {h.from ? `${STATUS_NAMES[h.from]} → ` : ''}
            {STATUS_NAMES[h.to]} — {h.by}
            {h.note && `: ${h.note}`}
          </li>
        ))}
      </ol>
      <h3>{t('dossier.forms')}</h3>
      <div className="inline-form">
        {dossier.forms.map((f, i) => (
          <button key={i} type="button" onClick={() => setShown(f.sha256)}>
            {t('dossier.form')} {f.form}
          </button>
        ))}
        <button
          type="button"
          onClick={() =>
            void act(async () => (await bridge.call('dossier.form', { form: '05', code }), bridge.call('dossier.get', { code })))
          }
        >
          {t('dossier.makeControlSheet')}
        </button>
      </div>
      {shown && <PdfPreview sha256={shown} title={dossier.code} />}
      {next.length > 0 && (
        <div className="inline-form">
          <select
            value={to}
            onChange={(e) => setTo(e.target.value === '' ? '' : (Number(e.target.value) as DossierStatus))}
            data-testid="transition-to"
          >
            <option value="">{t('dossier.changeStatus')}…</option>
            {next.map((s) => (
              <option key={s} value={s}>
                {STATUS_NAMES[s]}
              </option>
            ))}
          </select>
          <input className="wide" placeholder={t('dossier.reason')} value={note} onChange={(e) => setNote(e.target.value)} />
          <button
            type="button"
            disabled={to === ''}
            onClick={() => to !== '' && void act(() => bridge.call('dossier.transition', { code, to, note }))}
          >
            {t('supervisor.save')}
          </button>
        </div>
      )}
      {canReturn && (
        <div className="return-form" data-testid="return-form">
          <h3>{t('dossier.returnResult')}</h3>
          <div className="inline-form">
            <input
              placeholder={t('dossier.resultDocument')}
              value={docName}
              onChange={(e) => setDocName(e.target.value)}
              data-testid="result-name"
            />
            <FileButton
              label={t('dossier.attachResult')}
              accept="application/pdf"
              testId="result-file"
              onFiles={(files) => files[0] && void storeFile(files[0]).then(setDocSha)}
            />
            <input
              placeholder={t('dossier.collectedBy')}
              value={collectedBy}
              onChange={(e) => setCollectedBy(e.target.value)}
              data-testid="collected-by"
            />
            <button
              type="button"
              disabled={!docName.trim() || !collectedBy.trim()}
              onClick={() =>
                void act(() =>
                  bridge.call('dossier.returnResult', { code, documents: [{ name: docName.trim(), sha256: docSha }], collectedBy }),
                )
              }
              data-testid="return-result"
            >
              {t('dossier.returnResult')}
            </button>
          </div>
        </div>
      )}
      {dossier.result && (
        <p className="ok" data-testid="returned">
          {t('dossier.returnedTo')} {dossier.result.collectedBy} · {vnDateTime(dossier.result.returnedAt)} ·{' '}
          {dossier.result.documents.map((d) => d.name).join(', ')}
        </p>
      )}
      <FormError message={error} />
    </section>
  );
}

/** "Cần xử lý": actions taken at this PC that the hall's hub did not apply (returned elsewhere meanwhile…), with the reason. */
function AttentionList({ changes, onOpen }: { changes: number; onOpen: (code: string) => void }) {
  const t = useT();
  const [items, setItems] = useState<{ id: number; code: string; action: string; reason: string }[]>([]);
  useEffect(() => {
    void bridge.call('replication.attention', {}).then(setItems, () => setItems([]));
  }, [changes]);
  if (items.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="can-xu-ly" data-testid="attention-list">
      <h3 id="can-xu-ly">
        {t('dossier.attention')} ({items.length})
      </h3>
      <ul>
        {items.map((i) => (
          <li key={i.id}>
            <button type="button" className="link" onClick={() => onOpen(i.code)}>
              {i.code}
            </button>{' '}
            — {i.action}: <span className="warn">{i.reason}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** "Tra cứu": one search box (as you type), filters, overdue and due-soon lists, a dossier's detail and result return. */
export function SearchPanel() {
  const t = useT();
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<DossierStatus | ''>('');
  const [procedureCode, setProcedureCode] = useState('');
  const [officer, setOfficer] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [rows, setRows] = useState<Row[]>([]);
  const [took, setTook] = useState<number | null>(null);
  // A hall workstation searches the hub's register when it answers, its own dossiers when not.
  const [scope, setScope] = useState<'hall' | 'local' | null>(null);
  const [list, setList] = useState<'search' | 'overdue' | 'dueSoon'>('search');
  const [open, setOpen] = useState<string | null>(null);
  const [procedures, setProcedures] = useState<CatalogEntry[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [changes, setChanges] = useState(0);

  useEffect(() => {
    void bridge.call('catalog.search', { query: '', limit: 500 }).then(setProcedures);
    // Another counter received or changed a dossier: refresh the list in place.
    return bridge.on('dossier.changed', () => setChanges((n) => n + 1));
  }, []);

  useEffect(() => {
    if (list !== 'search') {
      void bridge.call('dossier.dueList', { kind: list, withinHours: 8, limit: 100 }).then(setRows, (e: Error) => setError(e.message));
      return;
    }
    const timer = setTimeout(() => {
      void bridge
        .call('dossier.search', {
          query,
          ...(status !== '' ? { status } : {}),
          ...(procedureCode ? { procedureCode } : {}),
          ...(officer ? { officer } : {}),
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
          limit: 30,
        })
        .then(
          (r) => {
            setRows(r.items);
            setTook(r.tookMs);
            setScope(r.scope ?? null);
            setError(null);
          },
          (e: Error) => setError(e.message),
        );
    }, 100);
    return () => clearTimeout(timer);
  }, [query, status, procedureCode, officer, from, to, list, open, changes]);

  if (open) return <DossierDetail code={open} onClose={() => setOpen(null)} />;

  return (
    <section className="panel">
      <nav className="tabs" role="tablist">
        {(['search', 'overdue', 'dueSoon'] as const).map((k) => (
          <button key={k} type="button" role="tab" aria-selected={list === k} onClick={() => setList(k)}>
            {t(k === 'search' ? 'dossier.searchTab' : k === 'overdue' ? 'dossier.overdue' : 'dossier.dueSoon')}
          </button>
        ))}
      </nav>
      {list === 'search' && (
        <div className="inline-form">
          <input
            autoFocus
            className="wide"
            placeholder={t('dossier.searchPlaceholder')}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            data-testid="search-input"
          />
          <select
            value={status}
            onChange={(e) => setStatus(e.target.value === '' ? '' : (Number(e.target.value) as DossierStatus))}
            aria-label={t('dossier.status')}
          >
            <option value="">{t('dossier.allStatuses')}</option>
            {STATUS_CODES.map((s) => (
              <option key={s} value={s}>
                {s}. {STATUS_NAMES[s]}
              </option>
            ))}
          </select>
          <select value={procedureCode} onChange={(e) => setProcedureCode(e.target.value)} aria-label={t('dossier.procedure')}>
            <option value="">{t('dossier.allProcedures')}</option>
            {procedures.map((p) => (
              <option key={p.code} value={p.code}>
                {p.name}
              </option>
            ))}
          </select>
          <input placeholder={t('dossier.officer')} value={officer} onChange={(e) => setOfficer(e.target.value)} size={14} />
          <DateInput value={from} onChange={setFrom} label={t('dossier.from')} />
          <DateInput value={to} onChange={setTo} label={t('dossier.to')} />
          {took !== null && (
            <span className="muted" data-testid="search-took">
              {t('dossier.searchTook')} {MS.format(took)} ms
            </span>
          )}
          {scope && (
            <span className={scope === 'local' ? 'warn' : 'muted'} data-testid="search-scope" role="status">
              {t(scope === 'hall' ? 'dossier.scopeHall' : 'dossier.scopeLocal')}
            </span>
          )}
        </div>
      )}
      {error && <p className="err">{error}</p>}
      <AttentionList changes={changes} onOpen={setOpen} />
      <Results rows={rows} onOpen={setOpen} testId={`results-${list}`} />
    </section>
  );
}
