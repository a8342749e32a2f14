import { useCallback, useEffect, useRef, useState } from 'react';
import type { MethodInput, SyncStatus } from '../../../shared/contract';
import { bridge } from '../../bridge';
import { ErrorNotice } from '../../components/Shell';
import { useT } from '../../i18n';
import { TimeInput } from '../../components/DateTimeInput';
import { FileButton } from '../../components/FileButton';
import { vnTimeText } from '../../../shared/vn-time';

const MB = 1024 * 1024;
const fmtBytes = (n: number) => (n >= MB ? `${(n / MB).toFixed(1)} MB` : `${(n / 1024).toFixed(0)} KB`);
const fmtTime = (ms: number) => vnTimeText(ms, true);

function Bar({ value, total, label, testId }: { value: number; total: number; label: string; testId: string }) {
  const pct = total > 0 ? Math.min(100, (value / total) * 100) : 100;
  return (
    <div className="sync-bar" data-testid={testId}>
      <div className="sync-bar-label">
        {label}: {testId.endsWith('bytes') ? `${fmtBytes(value)} / ${fmtBytes(total)}` : `${value} / ${total}`} ({pct.toFixed(0)}%)
      </div>
      <div
        className="sync-bar-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(pct)}
      >
        <div className="sync-bar-fill" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

/** Backlog over time as a plain SVG line chart (pending in blue, needing attention in red). */
function BacklogChart({ points, label }: { points: SyncStatus['backlog']; label: string }) {
  const W = 600;
  const H = 140;
  if (points.length < 2) return <p className="muted">{label}: —</p>;
  const t0 = points[0]!.at;
  const t1 = points[points.length - 1]!.at;
  const max = Math.max(1, ...points.map((p) => p.pending + p.attention));
  const x = (at: number) => 30 + ((at - t0) / Math.max(1, t1 - t0)) * (W - 40);
  const y = (v: number) => H - 20 - (v / max) * (H - 30);
  const line = (pick: (p: SyncStatus['backlog'][number]) => number) =>
    points.map((p) => `${x(p.at).toFixed(1)},${y(pick(p)).toFixed(1)}`).join(' ');
  return (
    <figure className="sync-chart">
      <figcaption>{label}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" height={H} role="img" aria-label={label} data-testid="sync-backlog-chart">
        <line x1={30} y1={H - 20} x2={W - 10} y2={H - 20} stroke="#999" />
        <text x={2} y={y(max) + 4} fontSize="10">
          {max}
        </text>
        <text x={2} y={H - 16} fontSize="10">
          0
        </text>
        <text x={30} y={H - 4} fontSize="10">
          {fmtTime(t0)}
        </text>
        <text x={W - 60} y={H - 4} fontSize="10">
          {fmtTime(t1)}
        </text>
        <polyline points={line((p) => p.pending)} fill="none" stroke="#1d6fd6" strokeWidth={2} />
        <polyline points={line((p) => p.attention)} fill="none" stroke="#c62828" strokeWidth={2} />
      </svg>
    </figure>
  );
}

function download(fileName: string, base64: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

type SyncLink = NonNullable<SyncStatus['link']>;
/** One mapping as the supervisor edits it: the contract's `sync.setProcedure` input without `remove`. */
type Procedure = Omit<MethodInput<'sync.setProcedure'>, 'remove'>;

/** The link's dialect and addresses; saved over the configuration, in effect at the next start. */
function LinkSettings({ link, onSaved, onError }: { link: SyncLink; onSaved: () => void; onError: (m: string) => void }) {
  const t = useT();
  const [form, setForm] = useState({ ...link, publicFileUrl: link.publicFileUrl ?? '' });
  const field = (name: 'authPath' | 'servicePath' | 'dstcode' | 'publicFileUrl', label: string) => (
    <label>
      {label} <input value={form[name]} onChange={(e) => setForm({ ...form, [name]: e.target.value })} data-testid={`sync-link-${name}`} />
    </label>
  );
  return (
    <form
      noValidate
      className="sync-settings"
      onSubmit={(e) => {
        e.preventDefault();
        bridge
          .call('sync.configure', { link: { ...form, publicFileUrl: form.publicFileUrl.trim() || null } })
          .then(onSaved)
          .catch((err: Error) => onError(err.message));
      }}
    >
      <label>
        {t('sync.link.profile')}{' '}
        <select
          value={form.profile}
          onChange={(e) => setForm({ ...form, profile: e.target.value === 'motcua' ? 'motcua' : 'dvcqg' })}
          data-testid="sync-link-profile"
        >
          <option value="dvcqg">{t('sync.link.dvcqg')}</option>
          <option value="motcua">{t('sync.link.motcua')}</option>
        </select>
      </label>
      {field('authPath', t('sync.link.authPath'))}
      {field('servicePath', t('sync.link.servicePath'))}
      {field('dstcode', t('sync.link.dstcode'))}
      {field('publicFileUrl', t('sync.link.publicFileUrl'))}
      <button type="submit">{t('supervisor.save')}</button>
      <p className="muted">{t('sync.link.restart')}</p>
    </form>
  );
}

/**
 * The provincial address and account. The saved password never comes back: the field stays empty and an empty
 * field keeps it. "Kiểm tra kết nối" logs in once with what is typed (or saved) and says whether it worked.
 */
function AccountSettings({ onSaved, onError }: { onSaved: (m: string) => void; onError: (m: string) => void }) {
  const t = useT();
  const [saved, setSaved] = useState<{ url: string | null; username: string | null; hasPassword: boolean } | null>(null);
  const [url, setUrl] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [check, setCheck] = useState<{ ok: boolean; message: string } | null>(null);
  const [checking, setChecking] = useState(false);
  useEffect(() => {
    bridge
      .call('sync.credentials', {})
      .then((c) => {
        setSaved(c);
        setUrl(c.url ?? '');
        setUsername(c.username ?? '');
      })
      .catch((e: Error) => onError(e.message));
  }, [onError]);
  const typed = { url: url.trim(), username: username.trim(), ...(password ? { password } : {}) };
  return (
    <form
      className="sync-settings"
      aria-label={t('sync.account')}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        bridge
          .call('sync.setCredentials', typed)
          .then((c) => {
            setSaved(c);
            setPassword('');
            onSaved(t('sync.account.saved'));
          })
          .catch((err: Error) => onError(err.message));
      }}
    >
      <label>
        {t('sync.account.url')}{' '}
        <input
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder="https://dichvucong.tinh.gov.vn"
          data-testid="sync-account-url"
        />
      </label>
      <label>
        {t('sync.account.username')}{' '}
        <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" data-testid="sync-account-username" />
      </label>
      <label>
        {t('sync.account.password')}{' '}
        <input
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="new-password"
          placeholder={saved?.hasPassword ? t('sync.account.passwordKept') : ''}
          data-testid="sync-account-password"
        />
      </label>
      <button type="submit">{t('supervisor.save')}</button>
      <button
        type="button"
        disabled={checking}
        data-testid="sync-test-connection"
        onClick={() => {
          setChecking(true);
          setCheck(null);
          bridge
            .call('sync.testConnection', {
              ...(typed.url ? { url: typed.url } : {}),
              ...(typed.username ? { username: typed.username } : {}),
              ...(password ? { password } : {}),
            })
            .then(setCheck)
            .catch((err: Error) => onError(err.message))
            .finally(() => setChecking(false));
        }}
      >
        {checking ? t('sync.account.checking') : t('sync.account.test')}
      </button>
      {check && (
        <p role="status" className={check.ok ? 'ok' : 'err'} data-testid="sync-connection-result">
          {check.message}
        </p>
      )}
      <p className="muted">{t('sync.link.restart')}</p>
    </form>
  );
}

/** Local procedure codes → the portal's (LayThuTuc); a row the supervisor edits is kept over the catalog. */
function ProcedureMapTable({ onError }: { onError: (m: string) => void }) {
  const t = useT();
  const [rows, setRows] = useState<(Procedure & { edited: boolean })[]>([]);
  const [editing, setEditing] = useState<Procedure | null>(null);
  useEffect(() => {
    bridge
      .call('sync.procedures', {})
      .then(setRows)
      .catch((e: Error) => onError(e.message));
  }, [onError]);
  const save = (input: Procedure & { remove?: boolean }) =>
    bridge
      .call('sync.setProcedure', input)
      .then((r) => {
        setRows(r);
        setEditing(null);
      })
      .catch((e: Error) => onError(e.message));
  return (
    <>
      <h3>{t('sync.procedures')}</h3>
      {rows.length === 0 ? (
        <p className="muted">{t('sync.procedures.none')}</p>
      ) : (
        <table data-testid="sync-procedures">
          <thead>
            <tr>
              <th>{t('sync.procedures.local')}</th>
              <th>{t('sync.procedures.portal')}</th>
              <th>{t('sync.procedures.name')}</th>
              <th>{t('sync.procedures.field')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.localCode}>
                <td>{r.localCode}</td>
                <td>
                  {editing?.localCode === r.localCode ? (
                    <input value={editing.portalCode} onChange={(e) => setEditing({ ...editing, portalCode: e.target.value })} />
                  ) : (
                    r.portalCode
                  )}
                  {r.edited && <span className="muted"> ({t('sync.procedures.edited')})</span>}
                </td>
                <td>{r.name}</td>
                <td>{r.fieldCode ? `${r.fieldCode} — ${r.fieldName}` : '—'}</td>
                <td>
                  {editing?.localCode === r.localCode ? (
                    <button type="button" onClick={() => void save(editing)}>
                      {t('supervisor.save')}
                    </button>
                  ) : (
                    <button type="button" onClick={() => setEditing(r)}>
                      {t('sync.procedures.edit')}
                    </button>
                  )}
                  <button type="button" onClick={() => void save({ ...r, remove: true })}>
                    {t('sync.procedures.forget')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** "Đồng bộ": the supervisor's view and controls of sync to the provincial system. */
export function SyncPanel() {
  const t = useT();
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [bandwidth, setBandwidth] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const formLoaded = useRef(false);

  const refresh = useCallback(() => {
    bridge
      .call('sync.status', {})
      .then((s) => {
        setStatus(s);
        setError(null);
        if (!formLoaded.current) {
          formLoaded.current = true;
          setBandwidth(s.settings.bandwidthBytesPerSec ? String(Math.round(s.settings.bandwidthBytesPerSec / 1024)) : '');
          setFrom(s.settings.schedule?.from ?? '');
          setTo(s.settings.schedule?.to ?? '');
        }
      })
      .catch((e: Error) => setError(e.message));
  }, []);

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, 2000);
    const off = bridge.on('sync.progress', (s) => setStatus(s));
    return () => {
      clearInterval(timer);
      off();
    };
  }, [refresh]);

  const act = (work: () => Promise<unknown>, done?: string) => {
    work()
      .then(() => {
        if (done) setNotice(done);
        refresh();
      })
      .catch((e: Error) => setError(e.message));
  };

  if (!status) {
    return (
      <section className="panel">
        <h2>{t('sync.title')}</h2>
        {error ? <ErrorNotice message={error} onRetry={refresh} /> : <p className="muted">{t('app.loading')}</p>}
      </section>
    );
  }

  const s = status;
  const state = !s.configured
    ? t('sync.state.notConfigured')
    : s.settings.paused
      ? t('sync.state.paused')
      : !s.withinSchedule
        ? t('sync.state.outsideSchedule')
        : s.breaker === 'open'
          ? t('sync.state.down')
          : t('sync.state.running');

  return (
    <section className="panel sync-panel">
      <h2>{t('sync.title')}</h2>
      {error && <ErrorNotice message={error} onRetry={refresh} />}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <p>
        <b data-testid="sync-state">{state}</b>
        {s.endpoint && <span className="muted"> — {s.endpoint}</span>}
        {s.lastError && s.breaker !== 'closed' && <span className="muted"> — {s.lastError}</span>}
      </p>

      <div className="sync-counts">
        <div data-testid="sync-pending">
          <span>{t('sync.pending')}</span>
          <b>{s.counts.pending}</b>
        </div>
        <div data-testid="sync-inflight">
          <span>{t('sync.inFlight')}</span>
          <b>{s.counts.inFlight}</b>
        </div>
        <div data-testid="sync-done">
          <span>{t('sync.done')}</span>
          <b>{s.counts.done}</b>
        </div>
        <div data-testid="sync-attention" className={s.counts.attention ? 'sync-bad' : undefined}>
          <span>{t('sync.attention')}</span>
          <b>{s.counts.attention}</b>
        </div>
      </div>

      <Bar value={s.items.done} total={s.items.total} label={t('sync.progressItems')} testId="sync-progress-items" />
      <Bar value={s.bytes.done} total={s.bytes.total} label={t('sync.progressBytes')} testId="sync-progress-bytes" />
      <p data-testid="sync-throughput">
        {t('sync.throughput')}: {fmtBytes(s.throughputBytesPerSec)}/s · {s.itemsPerMinute.toFixed(0)} {t('sync.itemsPerMinute')}
      </p>

      {s.configured && (
        <div className="sync-actions">
          {s.settings.paused ? (
            <button type="button" onClick={() => act(() => bridge.call('sync.resume', {}))}>
              {t('sync.resume')}
            </button>
          ) : (
            <button type="button" onClick={() => act(() => bridge.call('sync.pause', {}))}>
              {t('sync.pause')}
            </button>
          )}
          <button
            type="button"
            disabled={s.failing.length === 0}
            onClick={() => act(() => bridge.call('sync.retry', {}), t('sync.retried'))}
          >
            {t('sync.retryAll')}
          </button>
        </div>
      )}

      {s.configured && (
        <form
          noValidate
          className="sync-settings"
          onSubmit={(e) => {
            e.preventDefault();
            const kb = bandwidth.trim() === '' ? 0 : Number(bandwidth);
            if (!Number.isFinite(kb) || kb < 0) {
              setError(t('sync.badBandwidth'));
              return;
            }
            const schedule = from && to ? { from, to } : null;
            act(() => bridge.call('sync.configure', { bandwidthBytesPerSec: Math.round(kb * 1024), schedule }), t('supervisor.saved'));
          }}
        >
          <label>
            {t('sync.bandwidth')}{' '}
            <input value={bandwidth} onChange={(e) => setBandwidth(e.target.value)} inputMode="numeric" placeholder="0" size={6} />
          </label>
          <label>
            {t('sync.scheduleFrom')} <TimeInput value={from} onChange={setFrom} />
          </label>
          <label>
            {t('sync.scheduleTo')} <TimeInput value={to} onChange={setTo} />
          </label>
          <button type="submit">{t('supervisor.save')}</button>
        </form>
      )}

      <h3>{t('sync.account')}</h3>
      <AccountSettings onSaved={setNotice} onError={setError} />

      {s.configured && s.link && (
        <>
          <h3>{t('sync.link')}</h3>
          <LinkSettings link={s.link} onSaved={() => setNotice(t('supervisor.saved'))} onError={setError} />
          {s.link.profile === 'dvcqg' && s.downloads && (
            <p data-testid="sync-downloads">
              {t('sync.downloads')}: {s.downloads.delivered} {t('sync.files')} · {s.downloads.attempts} {t('sync.downloads.attempts')} ·{' '}
              {s.downloads.refused} {t('sync.downloads.refused')}
            </p>
          )}
          <ProcedureMapTable onError={setError} />
        </>
      )}

      <h3>{t('sync.failing')}</h3>
      {s.failing.length === 0 ? (
        <p className="muted">{t('sync.noFailing')}</p>
      ) : (
        <table data-testid="sync-failing">
          <thead>
            <tr>
              <th>{t('sync.col.dossier')}</th>
              <th>{t('sync.col.kind')}</th>
              <th>{t('sync.col.state')}</th>
              <th>{t('sync.col.attempts')}</th>
              <th>{t('sync.col.error')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {s.failing.map((f) => (
              <tr key={f.id}>
                <td>{f.maHoSo}</td>
                <td>{f.kind === 'dossier' ? t('sync.kind.dossier') : t('sync.kind.progress')}</td>
                <td>{f.state === 'attention' ? t('sync.attention') : t('sync.willRetry')}</td>
                <td>{f.attempts}</td>
                <td>{f.lastError}</td>
                <td>
                  {s.configured && (
                    <button type="button" onClick={() => act(() => bridge.call('sync.retry', { ids: [f.id] }), t('sync.retried'))}>
                      {t('app.retry')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <BacklogChart
        points={[...s.backlog, { at: Date.now(), pending: s.counts.pending + s.counts.inFlight, attention: s.counts.attention }]}
        label={t('sync.backlogChart')}
      />

      <h3>{t('sync.offline')}</h3>
      <p className="muted">{t('sync.offlineHelp')}</p>
      <div className="sync-actions">
        <button
          type="button"
          disabled={s.counts.pending + s.counts.inFlight + s.counts.attention === 0}
          onClick={() =>
            act(async () => {
              const b = await bridge.call('sync.exportBundle', {});
              download(b.fileName, b.base64);
              setNotice(`${t('sync.exported')}: ${b.fileName} (${b.items} ${t('sync.items')}, ${b.files} ${t('sync.files')})`);
            })
          }
        >
          {t('sync.exportBundle')}
        </button>
        <FileButton
          label={t('sync.importAck')}
          accept=".json,application/json"
          testId="sync-import-ack"
          onFiles={(files) => {
            const file = files[0];
            if (!file) return;
            act(async () => {
              const r = await bridge.call('sync.importAck', { base64: await fileToBase64(file) });
              setNotice(
                `${t('sync.imported')}: ${r.acknowledged} ${t('sync.ackDone')}, ${r.already} ${t('sync.ackAlready')}, ${r.rejected} ${t('sync.ackRejected')}`,
              );
            });
          }}
        />
      </div>
    </section>
  );
}
