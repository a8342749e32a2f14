import { useEffect, useState } from 'react';
import { FileButton } from '../../../components/FileButton';
import type { CatalogEntry, ImportReport } from '../../../../shared/contract';
import { bridge } from '../../../bridge';
import { shownError, type ShownError } from '../../../components/field-errors';
import { useT } from '../../../i18n';

/** The procedure catalog and its import (JSON, CSV, XLSX) with a per-row error report. */
export function CatalogPanel() {
  const t = useT();
  const [list, setList] = useState<CatalogEntry[]>([]);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const load = () => void bridge.call('catalog.search', { query: '', limit: 500 }).then(setList);
  useEffect(load, []);

  async function importFile(file: File | undefined) {
    if (!file) return;
    const ext = file.name.split('.').pop()?.toLowerCase();
    const format = ext === 'xlsx' ? 'xlsx' : ext === 'csv' ? 'csv' : 'json';
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    try {
      setReport(await bridge.call('catalog.import', { format, base64: btoa(binary) }));
      setError(null);
      load();
    } catch (e) {
      setReport(null);
      setError(shownError(e));
    }
  }

  return (
    <section className="panel">
      <h2>{t('catalog.import')}</h2>
      <FileButton
        label={t('catalog.import')}
        accept=".json,.csv,.xlsx"
        testId="catalog-file"
        onFiles={(files) => void importFile(files[0])}
      />
      {report && report.errors.length === 0 && (
        <p className="ok">
          {t('catalog.imported')}: +{report.created}, ~{report.updated}, ={report.unchanged}
        </p>
      )}
      {report && report.errors.length > 0 && (
        <div className="err">
          <b>{t('catalog.errors')}</b>
          <ul>
            {report.errors.map((e, i) => (
              <li key={i}>
                {e.row > 0 ? `Dòng ${e.row}: ` : ''}
                {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {error && (
        <div className="err" role="alert" data-testid="catalog-error">
          <p>{error.message}</p>
          {error.fields.size > 0 && (
            <ul>
              {[...error.fields].map(([path, message]) => (
                <li key={path}>
                  {path}: {message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <table data-testid="catalog-table">
        <tbody>
          {list.map((p) => (
            <tr key={p.code}>
              <td>{p.code}</td>
              <td>{p.name}</td>
              <td>{p.field}</td>
              <td>{p.processing.value === 0 ? 'trong ngày' : `${p.processing.value} ${p.processing.unit === 'days' ? 'ngày' : 'giờ'}`}</td>
              <td>v{p.version}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
