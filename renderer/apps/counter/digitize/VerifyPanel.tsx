import { useState } from 'react';
import { FileButton } from '../../../components/FileButton';
import type { MethodOutput } from '../../../../shared/contract';
import { bridge } from '../../../bridge';
import { formatDateTime, useT } from '../../../i18n';

export function SignatureTable({ result }: { result: MethodOutput<'signing.verify'> }) {
  const t = useT();
  if (result.signatures.length === 0) return <p className="warn">{t('verify.none')}</p>;
  return (
    <table className="table" data-testid="signature-table">
      <thead>
        <tr>
          <th>#</th>
          <th>{t('signing.signer')}</th>
          <th>{t('verify.time')}</th>
          <th>{t('verify.integrity')}</th>
          <th>{t('verify.after')}</th>
        </tr>
      </thead>
      <tbody>
        {result.signatures.map((s) => (
          <tr key={s.index} className={s.intact ? 'ok' : 'bad'}>
            <td>{s.index}</td>
            <td>{s.signer}</td>
            <td>
              {s.signingTime ? formatDateTime(s.signingTime) : '—'}
              {s.timestamp && <div title={t('verify.tsaHint')}>TSA: {formatDateTime(s.timestamp)}</div>}
            </td>
            <td>
              {s.intact
                ? `✔ ${t('verify.intact')}`
                : s.status === 'unsupported' || s.status === 'unreadable'
                  ? `? ${t('verify.unchecked')}`
                  : `✘ ${t('verify.broken')}`}
              {s.algorithm && <div className="muted">{s.algorithm}</div>}
              {!s.intact && <div className="muted">{s.summary}</div>}
            </td>
            <td title={s.summary}>{s.changedAfter ? t('verify.changedAfter') : t('verify.unchanged')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Verification view for any PDF the officer picks. */
export function VerifyPanel() {
  const t = useT();
  const [result, setResult] = useState<MethodOutput<'signing.verify'>>();
  const [error, setError] = useState<string>();
  const check = async (file: File) => {
    setError(undefined);
    setResult(undefined);
    // An empty file has nothing to verify: saying "invalid signature" about it misleads the officer.
    if (file.size === 0) {
      setError(t('verify.emptyFile'));
      return;
    }
    try {
      const stored = await bridge.upload(new Uint8Array(await file.arrayBuffer()));
      setResult(await bridge.call('signing.verify', { sha256: stored.sha256 }));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <section className="panel" data-testid="verify-panel">
      <h2>{t('verify.title')}</h2>
      <FileButton label={t('verify.pick')} accept=".pdf" testId="verify-file" onFiles={(files) => files[0] && void check(files[0])} />
      {error && (
        <p className="error" role="alert" data-testid="verify-error">
          {error}
        </p>
      )}
      {result && (
        <>
          <p data-testid="verify-summary" className={result.allIntact ? 'ok' : 'bad'}>
            {result.signatures.length === 0 ? t('verify.noSignature') : result.allIntact ? t('verify.allIntact') : t('verify.notAllIntact')}
          </p>
          <SignatureTable result={result} />
        </>
      )}
    </section>
  );
}
