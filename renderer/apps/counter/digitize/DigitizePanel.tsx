import { useEffect, useState, type DragEvent } from 'react';
import { FileButton } from '../../../components/FileButton';
import type { Batch, Page, MethodOutput } from '../../../../shared/contract';
import { moveItem, type ScanProfile } from '../../../../shared/digitize-rules';
import { bridge } from '../../../bridge';
import { useT } from '../../../i18n';
import { dataUrl, fileToBase64, useDigitize, wireDigitizeEvents } from './digitize-store';
import { SigningBox } from './SigningBox';

function Thumb({ page, index }: { page: Page; index: number }) {
  const t = useT();
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    if (page.thumbnailSha256) void dataUrl(page.thumbnailSha256, 'image/jpeg').then(setSrc);
  }, [page.thumbnailSha256]);
  if (!src) return <div className="thumb-pdf">PDF {(page.pageIndex ?? 0) + 1}</div>;
  return <img src={src} alt={`${t('a11y.pageThumb')} ${index + 1}`} style={{ transform: `rotate(${page.rotation}deg)` }} />;
}

export function DigitizePanel({ counterId }: { counterId: string }) {
  const t = useT();
  const { batch, scanJob, scanned, scanMessage, session, built, error, setBatch, fail, clearError } = useDigitize();
  const [name, setName] = useState('Tài liệu số hóa');
  const [devices, setDevices] = useState<MethodOutput<'digitize.devices'>>();
  const [deviceId, setDeviceId] = useState<string>();
  const [profile, setProfile] = useState<ScanProfile>();
  const [warnings, setWarnings] = useState<string[]>([]);
  const [skipBlank, setSkipBlank] = useState(true);
  const [ocr, setOcr] = useState(false);
  const [smallerFile, setSmallerFile] = useState(false);
  const [deskew, setDeskew] = useState(false);
  const [sign, setSign] = useState(false);
  // Only for PDFs with a user password; owner-password-only files open without it.
  const [pdfPassword, setPdfPassword] = useState('');
  const [copyType, setCopyType] = useState<'sao-y' | 'so-hoa'>('so-hoa');
  const [busy, setBusy] = useState(false);
  const [drag, setDrag] = useState<number>();
  const [recent, setRecent] = useState<Batch[]>([]);
  const loadRecent = () => void bridge.call('digitize.batches', { limit: 30 }).then(setRecent, fail);

  useEffect(() => {
    wireDigitizeEvents();
    void bridge.call('digitize.devices', {}).then((d) => {
      setDevices(d);
      setDeviceId(d.devices[0] ? `${d.devices[0].driver}:${d.devices[0].id}` : undefined);
    }, fail);
    loadRecent();
    void bridge.call('digitize.profile', { counterId }).then((p) => {
      setProfile(p.profile);
      setWarnings(p.warnings);
    }, fail);
  }, [counterId, fail]);

  const run = async (work: () => Promise<void>) => {
    clearError();
    setBusy(true);
    try {
      await work();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const ensureBatch = async () => {
    if (batch) return batch;
    const created = await bridge.call('digitize.createBatch', { name });
    setBatch(created);
    return created;
  };

  const changeProfile = (patch: Partial<ScanProfile>) => {
    if (!profile) return;
    const next = { ...profile, ...patch };
    setProfile(next);
    void bridge.call('digitize.saveProfile', { counterId, profile: next }).then((r) => setWarnings(r.warnings), fail);
  };

  const scan = () =>
    run(async () => {
      const b = await ensureBatch();
      useDigitize.setState({ scanned: 0, scanMessage: undefined });
      const { jobId } = await bridge.call('digitize.scan', { batchId: b.id, deviceId, profile });
      useDigitize.setState({ scanJob: jobId });
    });

  const importFiles = (files: FileList | File[]) =>
    run(async () => {
      const b = await ensureBatch();
      const password = pdfPassword ? { password: pdfPassword } : {};
      for (const f of Array.from(files))
        setBatch(await bridge.call('digitize.import', { batchId: b.id, name: f.name, base64: await fileToBase64(f), ...password }));
    });

  const edit = (pageIds: string[], rotations?: Record<string, number>) =>
    batch && run(async () => setBatch(await bridge.call('digitize.editPages', { batchId: batch.id, pageIds, rotations })));

  const ids = batch?.pages.map((p) => p.id) ?? [];

  const onDrop = (to: number) => (e: DragEvent) => {
    e.preventDefault();
    if (drag !== undefined && drag !== to) void edit(moveItem(ids, drag, to));
    setDrag(undefined);
  };

  const split = (pageId: string) =>
    batch &&
    run(async () => {
      const parts = await bridge.call('digitize.split', { batchId: batch.id, startPageIds: [pageId] });
      // Build the parts as separate components, keep working on the first.
      for (const part of parts.slice(1)) {
        const out = await bridge.call('digitize.build', { batchId: part.id, title: part.name, skipBlank, ocr });
        useDigitize.setState((s) => ({ built: [...s.built, { ...out, title: part.name }] }));
      }
      if (parts[0]) setBatch(parts[0]);
    });

  const build = () =>
    batch &&
    run(async () => {
      const out = await bridge.call('digitize.build', {
        batchId: batch.id,
        title: batch.name,
        skipBlank,
        ocr,
        smallerFile,
        deskew,
        ...(sign && session ? { sign: { sessionId: session.sessionId, copyType } } : {}),
      });
      useDigitize.setState((s) => ({ built: [...s.built, { ...out, title: batch.name }], batch: undefined }));
    });

  return (
    <section className="panel digitize" data-testid="digitize-panel">
      <h2>{t('digitize.title')}</h2>
      {devices?.demo && <p className="notice">{t('digitize.demo')}</p>}
      {error && (
        <p className="error" role="alert" data-testid="digitize-error">
          {error}
        </p>
      )}
      <div className="row">
        <label>
          {t('digitize.name')} <input value={batch?.name ?? name} disabled={Boolean(batch)} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          {t('digitize.device')}{' '}
          <select value={deviceId} onChange={(e) => setDeviceId(e.target.value)}>
            {devices?.devices.map((d) => (
              <option key={d.id} value={`${d.driver}:${d.id}`}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        {profile && (
          <>
            <label>
              {t('digitize.resolution')}{' '}
              <select
                value={profile.resolution}
                onChange={(e) => changeProfile({ resolution: Number(e.target.value) })}
                data-testid="profile-resolution"
              >
                {[150, 200, 300, 400, 600].map((r) => (
                  <option key={r} value={r}>
                    {r} dpi
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('digitize.color')}{' '}
              <select value={profile.colorMode} onChange={(e) => changeProfile({ colorMode: e.target.value as ScanProfile['colorMode'] })}>
                <option value="color">{t('digitize.color.color')}</option>
                <option value="gray">{t('digitize.color.gray')}</option>
                <option value="bw">{t('digitize.color.bw')}</option>
              </select>
            </label>
            <label>
              {t('digitize.source')}{' '}
              <select value={profile.source} onChange={(e) => changeProfile({ source: e.target.value as ScanProfile['source'] })}>
                <option value="flatbed">{t('digitize.source.flatbed')}</option>
                <option value="feeder">{t('digitize.source.feeder')}</option>
                <option value="duplex">{t('digitize.source.duplex')}</option>
              </select>
            </label>
          </>
        )}
      </div>
      {warnings.map((w) => (
        <p key={w} className="warn" data-testid="profile-warning">
          {w}
        </p>
      ))}
      <div className="row">
        {scanJob ? (
          <>
            <span data-testid="scan-progress">
              {t('digitize.scanning')} {scanned}
            </span>
            <button type="button" onClick={() => void bridge.call('digitize.cancelScan', { jobId: scanJob })}>
              {t('digitize.cancel')}
            </button>
          </>
        ) : (
          <button type="button" className="primary" disabled={busy} onClick={() => void scan()}>
            {t('digitize.scan')}
          </button>
        )}
        <FileButton
          label={t('digitize.import')}
          multiple
          accept=".pdf,.jpg,.jpeg,.png,.tif,.tiff"
          testId="digitize-file"
          onFiles={(files) => void importFiles(files)}
        />
        <label>
          {t('digitize.pdfPassword')}{' '}
          <input
            type="password"
            autoComplete="off"
            value={pdfPassword}
            data-testid="digitize-pdf-password"
            onChange={(e) => setPdfPassword(e.target.value)}
          />
        </label>
        {scanMessage && <span className="warn">{scanMessage}</span>}
        <select
          aria-label={t('digitize.newBatch')}
          value={batch?.id ?? ''}
          onFocus={loadRecent}
          onChange={(e) => {
            const chosen = recent.find((b) => b.id === e.target.value);
            useDigitize.setState({ batch: chosen });
          }}
          data-testid="recent-batches"
        >
          <option value="">{t('digitize.newBatch')}</option>
          {recent.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name} ({b.pages.length} {t('digitize.pages')})
            </option>
          ))}
        </select>
      </div>
      <div
        className="pages"
        data-testid="digitize-pages"
        onDragOver={(e) => e.preventDefault()}
        onDrop={(e) => {
          if (e.dataTransfer.files.length) {
            e.preventDefault();
            void importFiles(e.dataTransfer.files);
          }
        }}
      >
        {batch?.pages.length ? null : <p className="muted">{t('digitize.dropHere')}</p>}
        {batch?.pages.map((p, i) => (
          <figure
            key={p.id}
            className={`page${p.blank ? ' blank' : ''}`}
            draggable
            onDragStart={() => setDrag(i)}
            onDrop={onDrop(i)}
            data-testid="digitize-page"
          >
            <Thumb page={p} index={i} />
            <figcaption>
              {i + 1}
              {p.blank && (
                <span className="badge" title={t('digitize.blankHint')}>
                  {t('digitize.blank')}
                </span>
              )}
              <button type="button" title={t('digitize.rotate')} onClick={() => void edit(ids, { [p.id]: 90 })}>
                ⟳
              </button>
              <button type="button" title={t('digitize.delete')} onClick={() => void edit(ids.filter((x) => x !== p.id))}>
                ✕
              </button>
              {i > 0 && (
                <button type="button" title={t('digitize.split')} onClick={() => void split(p.id)}>
                  ✂
                </button>
              )}
            </figcaption>
          </figure>
        ))}
      </div>
      {batch && batch.pages.length > 0 && (
        <div className="row">
          <label>
            <input type="checkbox" checked={skipBlank} onChange={(e) => setSkipBlank(e.target.checked)} /> {t('digitize.skipBlank')}
          </label>
          <label>
            <input type="checkbox" checked={ocr} onChange={(e) => setOcr(e.target.checked)} /> {t('digitize.ocr')}
          </label>
          <label>
            <input type="checkbox" checked={deskew} onChange={(e) => setDeskew(e.target.checked)} /> {t('digitize.deskew')}
          </label>
          <label title={t('digitize.smallerHint')}>
            <input type="checkbox" checked={smallerFile} onChange={(e) => setSmallerFile(e.target.checked)} /> {t('digitize.smaller')}
          </label>
          <label>
            <input type="checkbox" checked={sign} disabled={!session} onChange={(e) => setSign(e.target.checked)} />{' '}
            {t('digitize.signCopy')}
          </label>
          <select value={copyType} onChange={(e) => setCopyType(e.target.value as 'sao-y' | 'so-hoa')}>
            <option value="so-hoa">{t('signing.copy.so-hoa')}</option>
            <option value="sao-y">{t('signing.copy.sao-y')}</option>
          </select>
          <button type="button" className="primary" disabled={busy} onClick={() => void build()}>
            {t('digitize.build')}
          </button>
        </div>
      )}
      <SigningBox built={built} />
    </section>
  );
}
