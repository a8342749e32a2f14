import { describe, expect, it } from 'vitest';
import { postJson, testHub } from '../support/core';
import { RECEPTION_PROCEDURE, SAMPLE_APPLICANT as applicant, SAMPLE_COMPONENTS as components } from '../support/dossier-fixtures';

// The dossier contract over the hub's HTTP transport: validation, Vietnamese errors, roles, and the round trip.
describe('dossier contract over HTTP', () => {
  it('receives, finds and refuses bad input with Vietnamese messages', async () => {
    const { core, hub } = await testHub({ authenticate: (req) => ({ role: req.headers['x-role'] === 'kiosk' ? 'kiosk' : 'officer' }) });
    try {
      const ok = await postJson(`${hub.url}/api/dossier.receive`, {
        procedureCode: RECEPTION_PROCEDURE,
        applicant,
        components,
        ticketId: 'B007',
      });
      expect(ok.status).toBe(200);
      const dossier = ok.body as { code: string; ticketId: string; forms: { form: string }[] };
      expect(dossier.ticketId).toBe('B007');
      expect(dossier.forms.map((f) => f.form)).toEqual(['01']);

      const found = await postJson(`${hub.url}/api/dossier.search`, { query: 'ho van dong' });
      expect((found.body as { items: { code: string }[] }).items.map((i) => i.code)).toEqual([dossier.code]);

      const bad = await postJson(`${hub.url}/api/dossier.receive`, {
        procedureCode: RECEPTION_PROCEDURE,
        applicant: { ...applicant, idNumber: '04620000111' },
        components,
      });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('Số định danh gồm 12 chữ số');

      const wrongSex = await postJson(`${hub.url}/api/dossier.receive`, {
        procedureCode: RECEPTION_PROCEDURE,
        applicant: { ...applicant, sex: 'Nữ' },
        components,
      });
      expect(wrongSex.body).toEqual({
        error: { code: 'invalid_input', message: 'Số định danh ghi giới tính Nam nhưng giới tính khai là Nữ.' },
      });

      const illegal = await postJson(`${hub.url}/api/dossier.transition`, { code: dossier.code, to: 10 });
      expect(illegal.status).toBe(400);

      const kiosk = await fetch(`${hub.url}/api/dossier.search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-role': 'kiosk' },
        body: '{}',
      });
      expect(kiosk.status).toBe(403);
      expect(core.db.prepare('SELECT COUNT(*) FROM dossiers').pluck().get()).toBe(1);
    } finally {
      await hub.close();
      await core.close();
    }
  });
});
