import { describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/app';
import { defaultConfig } from '../../electron/core/config';
import { RECEPTION_PROCEDURE, SAMPLE_APPLICANT, SAMPLE_COMPONENTS } from '../support/dossier-fixtures';
import { receiptKillLoop } from '../support/receipt-kill-loop';
import { tempDir } from '../support/temp-dir';

describe('a receipt is one transaction and a resend answers the same dossier', () => {
  // Repro (issue 11): kill -9 left 17 of 293 committed dossiers with no audit row and no receipt (the audit row
  // came after the PDF, in its own transaction), and a resend after a crash created a second dossier.
  it('kill -9 loop with resends by requestId: no dossier without an audit row, outbox item or receipt; no duplicate', async () => {
    await receiptKillLoop(3);
  }, 180_000);
});

describe('dossier.receive with a requestId', () => {
  // Repro (issue 11): with no request id, an officer resending after a timeout created a second dossier.
  it('a resend answers the same dossier; another officer’s same id does not reach it', async () => {
    const core = createCore(defaultConfig({ dataDir: tempDir(), hub: { host: '127.0.0.1', port: 0 } }));
    try {
      const input = {
        procedureCode: RECEPTION_PROCEDURE,
        applicant: SAMPLE_APPLICANT,
        components: SAMPLE_COMPONENTS,
        requestId: 'nhap-ban-0001',
      };
      const a = { role: 'officer' as const, userId: 'a', name: 'Cán bộ A' };
      const b = { role: 'officer' as const, userId: 'b', name: 'Cán bộ B' };
      const [first, again] = await Promise.all([
        core.router.call('dossier.receive', input, { caller: a }),
        core.router.call('dossier.receive', input, { caller: a }),
      ]);
      expect(first.ok && again.ok).toBe(true);
      const code = (first as { result: { code: string } }).result.code;
      expect((again as { result: { code: string } }).result.code).toBe(code);
      const other = await core.router.call('dossier.receive', input, { caller: b });
      expect((other as { result: { code: string } }).result.code).not.toBe(code);
      expect(core.db.prepare('SELECT COUNT(*) FROM dossiers').pluck().get()).toBe(2);
      expect(core.db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'dossier.receive'").pluck().get()).toBe(2);
    } finally {
      await core.close();
    }
  });
});
