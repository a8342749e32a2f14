import { useEffect, useState } from 'react';
import type { Reusable } from '../../../../shared/contract';
import { FileButton } from '../../../components/FileButton';
import { useT } from '../../../i18n';
import { dataUrl } from '../digitize/digitize-store';
import type { ComponentDraft } from './reception-draft';
import { ScannedPicker } from './ScannedPicker';

export interface AttachRequest {
  sha256: string;
  fileName: string | null;
  reusedFrom: ComponentDraft['reusedFrom'];
}

interface ComponentRowProps {
  component: ComponentDraft;
  reusable: Reusable[];
  /** A refusal of the attached file (the back end's words, naming the component) or of the contract. */
  error: string | undefined;
  checking: boolean;
  onReceived: (received: boolean) => void;
  onUpload: (file: File) => void;
  onAttach: (request: AttachRequest) => void;
}

function Thumbnail({ component }: { component: ComponentDraft }) {
  const t = useT();
  const [src, setSrc] = useState<string>();
  const thumb = component.info?.thumbnailSha256 ?? null;
  useEffect(() => {
    if (thumb) void dataUrl(thumb, 'image/jpeg').then(setSrc);
  }, [thumb]);
  if (!component.info) return null;
  const pages = `${component.info.pages} ${t('dossier.pages')}`;
  return (
    <span className="attach-thumb" data-testid={`component-pages-${component.code}`}>
      {src ? (
        <img src={src} alt={`${component.name}: ${pages}`} />
      ) : (
        <span className="thumb-pdf" aria-hidden="true">
          {component.info.kind.toUpperCase()}
        </span>
      )}
      <span>{pages}</span>
    </span>
  );
}

/** One component of the procedure: received or not, its digitized copy (file, scan or reuse) with a thumbnail and page count. */
export function ComponentRow({ component: c, reusable, error, checking, onReceived, onUpload, onAttach }: ComponentRowProps) {
  const t = useT();
  const errorId = `component-error-${c.code}`;
  return (
    <tr className={c.required && !c.received ? 'missing' : undefined}>
      <td>
        <input
          type="checkbox"
          checked={c.received}
          onChange={(e) => onReceived(e.target.checked)}
          aria-label={c.name}
          data-testid={`component-${c.code}`}
        />
      </td>
      <td className="component-name">
        {c.name} {c.required ? <b className="err">*</b> : <span className="muted">({t('dossier.optional')})</span>}
      </td>
      <td>
        {c.originals > 0 && `${t('dossier.originals')}: ${c.originals}`} {c.copies > 0 && `${t('dossier.copiesLabel')}: ${c.copies}`}
      </td>
      <td className="component-file">
        <div className="component-attach">
          {c.sha256 ? (
            <span className="ok" data-testid={`component-file-${c.code}`}>
              {c.reusedFrom ? `${t('dossier.reused')} (${c.reusedFrom.dossierCode})` : (c.fileName ?? t('dossier.attached'))}
            </span>
          ) : (
            <span className="muted">{t('dossier.paperOnly')}</span>
          )}
          <Thumbnail component={c} />
        </div>
        <div className="component-actions">
          <FileButton
            label={t('dossier.attach')}
            accept="application/pdf,image/jpeg,image/png,image/tiff"
            testId={`component-upload-${c.code}`}
            onFiles={(files) => files[0] && onUpload(files[0])}
          />
          <ScannedPicker
            testId={`component-scan-${c.code}`}
            onPick={(doc) => onAttach({ sha256: doc.sha256, fileName: doc.fileName, reusedFrom: null })}
          />
          {reusable.length > 0 && (
            <select
              className="reuse-menu"
              value=""
              onChange={(e) => {
                const r = reusable.find((x) => x.sha256 === e.target.value);
                if (r) onAttach({ sha256: r.sha256, fileName: r.name, reusedFrom: { kind: r.kind, dossierCode: r.dossierCode } });
              }}
              aria-label={`${t('dossier.reuse')}: ${c.name}`}
            >
              <option value="">{t('dossier.reuse')}…</option>
              {reusable.map((r) => (
                <option key={`${r.kind}-${r.sha256}`} value={r.sha256}>
                  {r.kind === 'result' ? t('dossier.reuseResult') : t('dossier.reuseComponent')}: {r.name} ({r.dossierCode})
                </option>
              ))}
            </select>
          )}
        </div>
        {checking && (
          <p className="muted" role="status">
            {t('dossier.checking')}
          </p>
        )}
        {error && (
          <p className="err" role="alert" id={errorId} data-testid={errorId}>
            {error}
          </p>
        )}
      </td>
    </tr>
  );
}
