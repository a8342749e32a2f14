import { describe, expect, it } from 'vitest';
import { loginAs, testCore } from '../../../tests/support/core';
import { RECEPTION_PROCEDURE, SAMPLE_APPLICANT, SAMPLE_COMPONENTS } from '../../../tests/support/dossier-fixtures';
import type { Dossier } from '../../../shared/contract';
import type { Core } from '../app';
import type { CallContext } from '../contract/router';
import { listAudit } from './audit-log';

async function call(core: Core, ctx: CallContext, method: string, input: unknown): Promise<unknown> {
  const answer = await core.router.call(method, input, ctx);
  if (!answer.ok) throw new Error(`${method}: ${answer.error.message}`);
  return answer.result;
}

function latestAudit(core: Core) {
  const [latest] = listAudit(core.db, 1);
  if (!latest) throw new Error('no audit row');
  return latest;
}

// Repro (issue #12): AUDITED_METHODS['dossier.print'] read `code` and `form` from an input that is
// `{ sha256, copies }`, so every print went to the audit trail with no subject.
describe('audit of a print', () => {
  it('names the dossier and the form that was printed', async () => {
    const core = testCore({ formPrinter: 'no-such-printer' });
    try {
      const { token } = await loginAs(core, 'officer');
      const caller = core.auth.callerFor(token)!;
      const dossier = (await call(core, { caller }, 'dossier.receive', {
        procedureCode: RECEPTION_PROCEDURE,
        applicant: SAMPLE_APPLICANT,
        components: [...SAMPLE_COMPONENTS],
      })) as Dossier;
      const receipt = dossier.forms.find((f) => f.form === '01');
      expect(receipt).toBeDefined();
      await call(core, { caller }, 'dossier.print', { sha256: receipt!.sha256, copies: 1 });
      const latest = latestAudit(core);
      expect(latest).toMatchObject({ action: 'dossier.print', subjectType: 'dossier', subjectId: dossier.code });
      expect(JSON.parse(latest.detail ?? 'null')).toMatchObject({ form: '01', sha256: receipt!.sha256 });
    } finally {
      await core.close();
    }
  });

  it('names the file when it is no dossier’s form (a register, a scan)', async () => {
    const core = testCore({ formPrinter: 'no-such-printer' });
    try {
      const { token } = await loginAs(core, 'officer');
      const caller = core.auth.callerFor(token)!;
      const { sha256 } = core.files.put(Buffer.from('%PDF-1.4\n% not a dossier form\n'));
      await call(core, { caller }, 'dossier.print', { sha256, copies: 1 });
      const latest = latestAudit(core);
      expect(latest).toMatchObject({ action: 'dossier.print', subjectType: 'file', subjectId: sha256 });
    } finally {
      await core.close();
    }
  });
});
