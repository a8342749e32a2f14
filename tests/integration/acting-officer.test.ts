import { describe, expect, it } from 'vitest';
import { loginAs, postJson, testHub } from '../support/core';
import { RECEPTION_PROCEDURE, SAMPLE_APPLICANT as applicant, SAMPLE_COMPONENTS as components } from '../support/dossier-fixtures';

describe('who acted comes from the login, not from the request', () => {
  it('a dossier received by a logged-in officer names that officer, whatever the request claims', async () => {
    const { core, hub } = await testHub();
    try {
      const { token } = await loginAs(core, 'officer');
      const received = await postJson(
        `${hub.url}/api/dossier.receive`,
        { procedureCode: RECEPTION_PROCEDURE, applicant, components, officer: 'Người khác' },
        token,
      );
      expect(received.status).toBe(200);
      const dossier = received.body as { code: string; receivedBy: string };
      expect(dossier.receivedBy).toBe('Test officer');
      const moved = await postJson(`${hub.url}/api/dossier.transition`, { code: dossier.code, to: 4, officer: 'Người khác' }, token);
      expect(moved.status).toBe(200);
      expect(JSON.stringify(moved.body)).not.toContain('Người khác');
    } finally {
      await hub.close();
      await core.close();
    }
  });
});
