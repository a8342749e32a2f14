import { useEffect, useState } from 'react';
import { bridge } from '../../../bridge';
import { useT } from '../../../i18n';
import { pdfUrl } from './pdf';

/** Shows a stored PDF, with the OS printer and the browser's own print as two ways to print it. */
export function PdfPreview({ sha256, title }: { sha256: string; title: string }) {
  const t = useT();
  const [url, setUrl] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    let made: string | null = null;
    void pdfUrl(sha256).then((u) => {
      made = u;
      setUrl(u);
    });
    return () => {
      if (made) URL.revokeObjectURL(made);
    };
  }, [sha256]);

  async function printOs() {
    try {
      const outcome = await bridge.call('dossier.print', { sha256, copies: 1 });
      setMessage({ ok: outcome.printed, text: outcome.message });
    } catch (error) {
      setMessage({ ok: false, text: (error as Error).message });
    }
  }

  return (
    <div className="pdf-preview" data-testid="pdf-preview" data-sha256={sha256}>
      <div className="inline-form">
        <button type="button" onClick={() => void printOs()} data-testid="print-os">
          {t('dossier.print')}
        </button>
        {url && (
          <a href={url} target="_blank" rel="noreferrer" download={`${title}.pdf`} data-testid="pdf-link">
            {t('dossier.openPdf')}
          </a>
        )}
        {message && (
          <span className={message.ok ? 'ok' : 'err'} data-testid="print-message">
            {message.text}
          </span>
        )}
      </div>
      {url && <iframe title={title} src={url} className="pdf-frame" data-testid="pdf-frame" />}
    </div>
  );
}
