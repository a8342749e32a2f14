import { useEffect, useState } from 'react';
import type { Batch } from '../../../../shared/contract';
import { bridge } from '../../../bridge';
import { useT } from '../../../i18n';

export interface ScannedDocument {
  sha256: string;
  fileName: string;
}

/**
 * Attaches a PDF made in the "Số hóa" tab (scanned, assembled, maybe signed)
 * to a component, so the officer never saves and re-uploads a file.
 */
export function ScannedPicker({ testId, onPick }: { testId: string; onPick: (doc: ScannedDocument) => void }) {
  const t = useT();
  const [built, setBuilt] = useState<Batch[]>([]);

  useEffect(() => {
    const load = () =>
      void bridge.call('digitize.batches', { limit: 30 }).then(
        (batches) => setBuilt(batches.filter((b) => b.output)),
        () => setBuilt([]),
      );
    load();
    return bridge.on('digitize.batchChanged', load);
  }, []);

  if (built.length === 0) return null;
  return (
    <select
      value=""
      data-testid={testId}
      aria-label={t('dossier.fromScan')}
      onChange={(e) => {
        const batch = built.find((b) => b.id === e.target.value);
        if (batch?.output) onPick({ sha256: batch.output.sha256, fileName: `${batch.name}.pdf` });
      }}
    >
      <option value="">{t('dossier.fromScan')}…</option>
      {built.map((b) => (
        <option key={b.id} value={b.id}>
          {b.name}
          {b.output?.signed ? ` (${t('dossier.signed')})` : ''}
        </option>
      ))}
    </select>
  );
}
