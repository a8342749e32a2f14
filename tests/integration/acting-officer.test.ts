import { describe, expect, it } from 'vitest';
import { loginAs, postJson, testHub } from '../support/core';

const applicant = {
  kind: 'citizen', fullName: 'Hồ Văn Đông', idNumber: '046200001111', oldIdNumber: null, birthDate: '2000-05-05', sex: 'Nam',
  address: 'Huế', phone: '0905 111 222', email: '', taxCode: null, organizationName: null,
};
const components = [
  { code: 'TP1', name: 'Giấy tờ cần chứng thực chữ ký', originals: 1, copies: 0, sha256: null },
  { code: 'GT', name: 'Giấy tờ tùy thân', originals: 1, copies: 0, sha256: null },
];

describe('who acted comes from the login, not from the request', () => {
  it('a dossier received by a logged-in officer names that officer, whatever the request claims', async () => {
    const { core, hub } = await testHub();
    try {
      const { token } = await loginAs(core, 'officer');
      const received = await postJson(
        `${hub.url}/api/dossier.receive`,
        { procedureCode: '2.000884', applicant, components, officer: 'Người khác' },
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
