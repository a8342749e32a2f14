import '../queue.css';
import { useCallback, useEffect, useState } from 'react';
import type { QueueStats, StatsBucket } from '../../../shared/contract';
import { vnDay } from '../../../shared/vn-time';
import { bridge } from '../../bridge';
import { DateInput } from '../../components/DateTimeInput';
import { ErrorNotice } from '../../components/Shell';
import { useT } from '../../i18n';

function todayInVietnam(): string {
  return vnDay(Date.now());
}

/** Chart text: 15 px at least, read by officers at arm's length (it was 11–12 px, issue #17). */
const CHART_FONT = 15;

/** Plain SVG bars: issued (light) and served (dark) per bucket, with the same figures as a table beside them. */
function BarChart({ title, buckets, testId }: { title: string; buckets: StatsBucket[]; testId: string }) {
  const t = useT();
  const width = 460;
  const rowHeight = 30;
  const labelWidth = 170;
  const max = Math.max(1, ...buckets.map((b) => b.issued), ...buckets.map((b) => b.served));
  const scale = (n: number) => ((width - labelWidth - 60) * n) / max;
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      {buckets.length === 0 ? (
        <p className="muted">{t('stats.empty')}</p>
      ) : (
        <div className="chart-body">
          {/* The table beside it carries the figures for screen readers: the picture is decoration for them. */}
          <svg width={width} height={buckets.length * rowHeight + 30} aria-hidden="true" fontSize={CHART_FONT} fill="#1b2430">
            {buckets.map((b, i) => (
              <g key={b.key} transform={`translate(0, ${i * rowHeight})`}>
                <text x={0} y={19}>
                  {b.label.length > 18 ? `${b.label.slice(0, 17)}…` : b.label}
                </text>
                <rect x={labelWidth} y={3} width={scale(b.issued)} height={11} fill="#7fb0e0" />
                <rect x={labelWidth} y={15} width={scale(b.served)} height={11} fill="#0b5cad" />
                <text x={labelWidth + scale(Math.max(b.issued, b.served)) + 6} y={19}>
                  {b.issued}/{b.served}
                </text>
              </g>
            ))}
            <g transform={`translate(${labelWidth}, ${buckets.length * rowHeight + 10})`}>
              <rect width={14} height={14} fill="#7fb0e0" />
              <text x={20} y={13}>
                {t('stats.issued')}
              </text>
              <rect x={120} width={14} height={14} fill="#0b5cad" />
              <text x={140} y={13}>
                {t('stats.served')}
              </text>
            </g>
          </svg>
          <table className="chart-table">
            <caption className="sr-only">
              {t('a11y.chartTable')}: {title}
            </caption>
            <thead>
              <tr>
                <th scope="col">{title}</th>
                <th scope="col">{t('stats.issued')}</th>
                <th scope="col">{t('stats.served')}</th>
              </tr>
            </thead>
            <tbody>
              {buckets.map((b) => (
                <tr key={b.key}>
                  <th scope="row">{b.label}</th>
                  <td>{b.issued}</td>
                  <td>{b.served}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </figure>
  );
}

function BucketTable({ buckets }: { buckets: StatsBucket[] }) {
  const t = useT();
  return (
    <table>
      <thead>
        <tr>
          <th />
          <th>{t('stats.issued')}</th>
          <th>{t('stats.served')}</th>
          <th>{t('stats.noShow')}</th>
          <th>{t('stats.avgWait')}</th>
          <th>{t('stats.avgService')}</th>
          <th>{t('stats.ratings')}</th>
        </tr>
      </thead>
      <tbody>
        {buckets.map((b) => (
          <tr key={b.key}>
            <td>{b.label}</td>
            <td>{b.issued}</td>
            <td>{b.served}</td>
            <td>{b.noShow}</td>
            <td>{b.avgWaitMinutes ?? '—'}</td>
            <td>{b.avgServiceMinutes ?? '—'}</td>
            <td>
              {b.ratings.unhappy} / {b.ratings.happy} / {b.ratings.veryHappy}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function download(fileName: string, mimeType: string, base64: string): void {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Statistics of the hall queue with charts and CSV/XLSX export. */
export function QueueStatsPanel() {
  const t = useT();
  const [from, setFrom] = useState(todayInVietnam);
  const [to, setTo] = useState(todayInVietnam);
  const [stats, setStats] = useState<QueueStats | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(() => {
    // A cleared date field asks for nothing until a date is typed again.
    if (from === '' || to === '') return;
    bridge.call('queue.stats', { from, to }).then(
      (s) => {
        setStats(s);
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  }, [from, to]);
  useEffect(refresh, [refresh]);

  async function exportAs(format: 'csv' | 'xlsx') {
    try {
      const file = await bridge.call('queue.exportStats', { from, to, format });
      download(file.fileName, file.mimeType, file.base64);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <section className="panel">
      <div className="inline-form">
        <label>
          {t('supervisor.from')} <DateInput value={from} onChange={setFrom} />
        </label>
        <label>
          {t('supervisor.to')} <DateInput value={to} onChange={setTo} />
        </label>
        <button type="button" onClick={refresh}>
          {t('supervisor.refresh')}
        </button>
        <button type="button" onClick={() => void exportAs('csv')}>
          {t('supervisor.exportCsv')}
        </button>
        <button type="button" onClick={() => void exportAs('xlsx')}>
          {t('supervisor.exportXlsx')}
        </button>
      </div>
      {error && <ErrorNotice message={error} onRetry={refresh} />}
      {stats && (
        <>
          <div className="stats-totals" data-testid="stats-totals">
            <div>
              <b>{stats.totals.issued}</b> {t('stats.issued')}
            </div>
            <div>
              <b>{stats.totals.served}</b> {t('stats.served')}
            </div>
            <div>
              <b>{stats.totals.noShow}</b> {t('stats.noShow')}
            </div>
            <div>
              <b>{stats.totals.avgWaitMinutes ?? '—'}</b> {t('stats.avgWait')}
            </div>
            <div>
              <b>{stats.totals.avgServiceMinutes ?? '—'}</b> {t('stats.avgService')}
            </div>
          </div>
          <div className="charts">
            <BarChart title={t('stats.perHour')} buckets={stats.perHour} testId="chart-hour" />
            <BarChart title={t('stats.perService')} buckets={stats.perService} testId="chart-service" />
            <BarChart title={t('stats.perCounter')} buckets={stats.perCounter} testId="chart-counter" />
            <BarChart title={t('stats.perDay')} buckets={stats.perDay} testId="chart-day" />
          </div>
          <h3>{t('stats.perService')}</h3>
          <BucketTable buckets={stats.perService} />
          <h3>{t('stats.perCounter')}</h3>
          <BucketTable buckets={stats.perCounter} />
          <h3>{t('stats.perOfficer')}</h3>
          <BucketTable buckets={stats.perOfficer} />
        </>
      )}
    </section>
  );
}
