import { describe, expect, it } from 'vitest';
import { ReplicaItemSchema } from '../../../shared/contract';
import { createCore } from '../app';
import { defaultConfig } from '../config';
import { vnDay, vnIso } from '../dossier/vn-time';
import { BIRTH_APPLICANT } from '../../../tests/support/dossier-fixtures';
import { tempDir } from '../../../tests/support/temp-dir';
import { replicaSql } from './namespaced-db';
import { HubUnreachableError } from './transport';

const offline = { call: () => Promise.reject(new HubUnreachableError('test: no hub')) };

function offlineWorkstation() {
  const core = createCore(
    defaultConfig({
      dataDir: tempDir(),
      hub: { host: '127.0.0.1', port: 0 },
      station: 12,
      replication: { role: 'workstation', autoStart: false },
    }),
    { hubTransport: offline },
  );
  core.replication.workstation!.leases.store([{ day: vnDay(vnIso(new Date())), first: 101, last: 150 }]);
  return core;
}

const items = (core: ReturnType<typeof offlineWorkstation>) =>
  (
    core.db
      .prepare('SELECT o.ma_ho_so AS code, i.body FROM repl_outbox o JOIN replica_items i ON i.key = o.idempotency_key ORDER BY o.id')
      .all() as { code: string; body: string }[]
  ).map((r) => ReplicaItemSchema.parse(JSON.parse(r.body)));

describe('the workstation replication outbox', () => {
  it('renames only the sync tables for the replica engine', () => {
    expect(replicaSql(`SELECT * FROM sync_outbox o INDEXED BY sync_outbox_pending_order JOIN my_sync_x`)).toBe(
      `SELECT * FROM repl_outbox o INDEXED BY repl_outbox_pending_order JOIN my_sync_x`,
    );
  });

  it('writes one item per local transaction, offline, with codes from its lease: a return is one group of three steps', async () => {
    const core = offlineWorkstation();
    try {
      const procedure = core.catalog.search('khai sinh')[0]!;
      const d = core.dossiers.receiveRecord({
        procedureCode: procedure.code,
        applicant: { ...BIRTH_APPLICANT, fullName: 'Lê Thị Cúc' },
        components: procedure.components.map((k) => ({
          code: k.code,
          name: k.name,
          originals: 1,
          copies: 0,
          sha256: null,
          fileName: null,
          reusedFrom: null,
        })),
        officer: 'Cán bộ 12',
      });
      expect(d.code.endsWith('-0101')).toBe(true);
      core.dossiers.returnResult(d.code, [{ name: 'Giấy khai sinh', sha256: null }], 'Lê Thị Cúc', '', 'Cán bộ 12');
      await Promise.resolve();
      const [receive, change] = items(core);
      expect(receive).toMatchObject({ kind: 'receive', station: 12, dossier: { code: d.code, status: 2 } });
      expect(change).toMatchObject({ kind: 'change', code: d.code });
      expect(change!.kind === 'change' && change!.events.map((e) => e.type)).toEqual(['status', 'status', 'result']);
      // Nothing for the province from a workstation: only the hub syncs.
      expect(core.db.prepare('SELECT COUNT(*) FROM sync_outbox').pluck().get()).toBe(0);
    } finally {
      await core.close();
    }
  });
});
