import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../../shared/contract';
import { vnDateText } from '../../../../shared/vn-time';
import { bridge } from '../../../bridge';
import { useT } from '../../../i18n';
import { dataUrl, useDigitize, type Built } from './digitize-store';
import { SignatureTable } from './VerifyPanel';
import { FileButton } from '../../../components/FileButton';

type Tokens = MethodOutput<'signing.tokens'>;

/** PIN prompt (kept in this component's state until the one login, then cleared), batch signing, results. */
export function SigningBox({ built }: { built: Built[] }) {
  const t = useT();
  const { session, signProgress, fail } = useDigitize();
  const [tokens, setTokens] = useState<Tokens>();
  const [choice, setChoice] = useState('demo');
  const [pin, setPin] = useState('');
  const [checks, setChecks] = useState<Record<string, MethodOutput<'signing.verify'>>>({});
  const [links, setLinks] = useState<Record<string, string>>({});
  // Signing originals: the officer's signature image and the seal image, placed on a page (mm from bottom-left).
  const [asOriginal, setAsOriginal] = useState(false);
  const [images, setImages] = useState<{ signer?: string; seal?: string }>({});
  const [place, setPlace] = useState({ page: 1, xMm: 110, yMm: 40 });
  const storeImage = async (which: 'signer' | 'seal', file?: File) => {
    if (!file) return;
    const stored = await bridge.upload(new Uint8Array(await file.arrayBuffer()));
    setImages((i) => ({ ...i, [which]: stored.sha256 }));
  };

  useEffect(() => {
    void bridge.call('signing.tokens', {}).then((x) => {
      setTokens(x);
      if (x.tokens[0]) setChoice(`${x.tokens[0].module}|${x.tokens[0].label}`);
    }, fail);
  }, [fail]);

  const chosen = tokens?.tokens.find((x) => `${x.module}|${x.label}` === choice);

  const open = async () => {
    const entered = pin;
    setPin(''); // never kept: one login attempt with what was typed, then gone
    try {
      const s = chosen
        ? await bridge.call('signing.openSession', { module: chosen.module, token: chosen.label, pin: entered })
        : await bridge.call('signing.openSession', { demo: true });
      useDigitize.setState({ session: s });
    } catch (e) {
      fail(e);
    }
  };

  const close = async () => {
    if (session) await bridge.call('signing.closeSession', { sessionId: session.sessionId }).catch(fail);
    useDigitize.setState({ session: undefined });
  };

  const signAll = async () => {
    if (!session) return;
    const pending = built.filter((b) => !b.signed);
    useDigitize.setState({ signProgress: { done: 0, total: pending.length } });
    try {
      const mm = 72 / 25.4;
      const r = await bridge.call('signing.sign', {
        sessionId: session.sessionId,
        sha256s: pending.map((b) => b.sha256),
        ...(asOriginal
          ? {
              original: {
                page: Math.max(0, place.page - 1),
                x: place.xMm * mm,
                y: place.yMm * mm,
                signerImageSha256: images.signer,
                sealImageSha256: images.seal,
              },
            }
          : { copyType: 'so-hoa' as const }),
      });
      useDigitize.setState((s) => ({
        built: s.built.map((b) => {
          const done = r.signed.find((x) => x.from === b.sha256);
          return done ? { ...b, sha256: done.to, size: done.size, signed: true } : b;
        }),
      }));
      if (r.stopped) fail(new Error(r.stopped.message));
    } catch (e) {
      fail(e);
    }
  };

  const verify = async (sha256: string) => {
    const r = await bridge.call('signing.verify', { sha256 });
    setChecks((c) => ({ ...c, [sha256]: r }));
  };

  const download = async (sha256: string) => setLinks((l) => ({ ...l, [sha256]: '' }));
  useEffect(() => {
    for (const [sha, url] of Object.entries(links))
      if (!url) void dataUrl(sha, 'application/pdf').then((u) => setLinks((l) => ({ ...l, [sha]: u })));
  }, [links]);

  return (
    <div className="signing" data-testid="signing-box">
      <h3>{t('signing.title')}</h3>
      {session ? (
        <p data-testid="signing-session">
          {t('signing.signer')}: <b>{session.certificate.commonName}</b> {session.demo && <span className="badge">DEMO</span>} (
          {t('signing.validUntil')} {vnDateText(session.certificate.notAfter)}){' '}
          <button type="button" onClick={() => void close()}>
            {t('signing.end')}
          </button>
        </p>
      ) : (
        <form
          noValidate
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void open();
          }}
        >
          <select
            value={choice}
            onChange={(e) => setChoice(e.target.value)}
            aria-label={t('a11y.signingToken')}
            data-testid="signing-token"
          >
            {tokens?.tokens.map((x) => (
              <option key={`${x.module}|${x.label}`} value={`${x.module}|${x.label}`}>
                {x.label} — {x.vendor}
              </option>
            ))}
            <option value="demo">{t('signing.demo')}</option>
          </select>
          {chosen && (
            <input
              type="password"
              autoComplete="off"
              placeholder={t('signing.pin')}
              value={pin}
              onChange={(e) => setPin(e.target.value)}
              data-testid="signing-pin"
            />
          )}
          {chosen?.pinWarning && <span className="warn">{chosen.pinWarning}</span>}
          {chosen?.certificates.map((c) => (
            <span key={`${c.subject}${c.notAfter}`} className={c.refused ? 'warn' : 'muted'} data-testid="token-certificate">
              {c.commonName} — {c.issuer} ({vnDateText(c.notBefore)} → {vnDateText(c.notAfter)}){c.refused ? `: ${c.refused}` : ''}
            </span>
          ))}
          <button type="submit" disabled={Boolean(chosen) && !pin}>
            {t('signing.open')}
          </button>
        </form>
      )}
      {built.length > 0 && (
        <>
          <table className="table" data-testid="built-list">
            <tbody>
              {built.map((b) => (
                <tr key={b.sha256}>
                  <td>{b.title}</td>
                  <td>
                    {b.pages} {t('digitize.pages')}, {(b.size / 1024).toFixed(0)} KB
                  </td>
                  <td>{b.signed ? <span className="badge ok">{t('signing.signed')}</span> : t('signing.unsigned')}</td>
                  <td>
                    <button type="button" onClick={() => void verify(b.sha256)}>
                      {t('signing.verify')}
                    </button>{' '}
                    {links[b.sha256] ? (
                      <a href={links[b.sha256]} download={`${b.title}.pdf`}>
                        {t('digitize.download')}
                      </a>
                    ) : (
                      <button type="button" className="link" onClick={() => void download(b.sha256)}>
                        {t('digitize.download')}
                      </button>
                    )}
                    {checks[b.sha256] ? <SignatureTable result={checks[b.sha256] as MethodOutput<'signing.verify'>} /> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="row">
            <label>
              <input type="checkbox" checked={asOriginal} onChange={(e) => setAsOriginal(e.target.checked)} data-testid="sign-original" />{' '}
              {t('signing.original')}
            </label>
            {asOriginal && (
              <>
                <FileButton
                  label={t('signing.signerImage')}
                  accept="image/png"
                  testId="signer-image"
                  onFiles={(files) => void storeImage('signer', files[0]).catch(fail)}
                />
                {images.signer && <span className="ok">{t('signing.imageChosen')}</span>}
                <FileButton
                  label={t('signing.sealImage')}
                  accept="image/png"
                  testId="seal-image"
                  onFiles={(files) => void storeImage('seal', files[0]).catch(fail)}
                />
                {images.seal && <span className="ok">{t('signing.imageChosen')}</span>}
                <label>
                  {t('signing.page')}{' '}
                  <input
                    type="number"
                    min={1}
                    value={place.page}
                    style={{ width: '4em' }}
                    onChange={(e) => setPlace({ ...place, page: Number(e.target.value) || 1 })}
                  />
                </label>
                <label>
                  x (mm){' '}
                  <input
                    type="number"
                    min={0}
                    value={place.xMm}
                    style={{ width: '5em' }}
                    onChange={(e) => setPlace({ ...place, xMm: Number(e.target.value) || 0 })}
                  />
                </label>
                <label>
                  y (mm){' '}
                  <input
                    type="number"
                    min={0}
                    value={place.yMm}
                    style={{ width: '5em' }}
                    onChange={(e) => setPlace({ ...place, yMm: Number(e.target.value) || 0 })}
                  />
                </label>
              </>
            )}
          </div>
          <div className="row">
            <button
              type="button"
              className="primary"
              disabled={!session || built.every((b) => b.signed)}
              onClick={() => void signAll()}
              data-testid="sign-all"
            >
              {t('signing.signAll')}
            </button>
            {signProgress && (
              <progress max={signProgress.total} value={signProgress.done} data-testid="sign-progress">
                {signProgress.done}/{signProgress.total}
              </progress>
            )}
          </div>
        </>
      )}
    </div>
  );
}
