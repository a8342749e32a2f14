import { useCallback, useEffect, useState } from 'react';
import type { WorkstationStatus } from '../../../shared/contract';
import { bridge } from '../../bridge';
import { ErrorNotice } from '../../components/Shell';
import { formatDateTime, useT } from '../../i18n';

function bytesVi(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function skewText(ms: number | null): string {
  if (ms === null) return '—';
  const seconds = Math.round(ms / 1000);
  return Math.abs(seconds) < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} phút`;
}

/** One page for the hall: every workstation, its link, backlog, version, station, clock and device health. */
export function WorkstationsPanel() {
  const t = useT();
  const [rows, setRows] = useState<WorkstationStatus[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(() => {
    bridge
      .call('hall.workstations', {})
      .then((r) => {
        setRows(r);
        setError(null);
      })
      .catch((e: Error) => setError(e.message));
  }, []);
  useEffect(refresh, [refresh]);
  useEffect(() => bridge.on('hall.workstationsChanged', ({ workstations }) => setRows(workstations)), []);
  // Online state follows the workstations' sockets, which the device list reports.
  useEffect(() => bridge.on('devices.changed', refresh), [refresh]);

  return (
    <section className="panel">
      <h2>{t('hall.workstations')}</h2>
      {error && <ErrorNotice message={error} onRetry={refresh} />}
      {!rows ? (
        <p className="muted">{t('app.loading')}</p>
      ) : rows.length === 0 ? (
        <p className="muted">{t('hall.noWorkstations')}</p>
      ) : (
        <table data-testid="workstations-table">
          <thead>
            <tr>
              <th>{t('hall.station')}</th>
              <th>{t('hall.name')}</th>
              <th>{t('hall.online')}</th>
              <th>{t('hall.lastSeen')}</th>
              <th>{t('hall.backlog')}</th>
              <th>{t('hall.version')}</th>
              <th>{t('hall.clock')}</th>
              <th>{t('hall.health')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((w) => (
              <tr key={w.deviceId} data-testid={`workstation-${w.station ?? 'unknown'}`}>
                <td>{w.station ?? '—'}</td>
                <td>{w.name}</td>
                <td>
                  <span className={`badge ${w.online ? 'health-ok' : 'health-error'}`}>
                    {w.online ? t('hall.isOnline') : t('hall.isOffline')}
                  </span>
                </td>
                <td>{w.lastSeenAt ? formatDateTime(w.lastSeenAt) : '—'}</td>
                <td>
                  {w.backlog
                    ? `${w.backlog.items} · ${bytesVi(w.backlog.bytes)}${w.backlog.oldestAt ? ` · ${t('hall.oldest')} ${formatDateTime(w.backlog.oldestAt)}` : ''}`
                    : '—'}
                </td>
                <td>{w.version ?? '—'}</td>
                <td className={w.clockWarning ? 'health-warn' : undefined} data-testid="workstation-clock">
                  {skewText(w.clockSkewMs)}
                  {w.clockWarning && ` — ${t('hall.clockOff')}`}
                </td>
                <td>
                  {w.health.filter((c) => c.status !== 'ok').length === 0
                    ? t('hall.allHealthy')
                    : w.health
                        .filter((c) => c.status !== 'ok')
                        .map((c) => (
                          <div key={c.id} className={`health-${c.status}`}>
                            <b>{c.name}</b>: {c.detail}
                          </div>
                        ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
