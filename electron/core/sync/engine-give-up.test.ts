import { afterEach, expect, test } from 'vitest';
import type { FileStatus } from '../../../shared/provincial';
import { testCore } from '../../../tests/support/core';
import type { Core } from '../app';
import { ProvincialError, type SyncAdapter } from './adapter';
import { SyncEngine } from './engine';
import { seedDossiers } from './sync-cli';
import { failingItems, outboxCounts } from './sync-store';

/**
 * A receiver that takes every chunk and then, at the dossier, says it is still missing a file;
 * the first `unreachable` dossier calls fail as a link that is down.
 */
function forgetfulReceiver(unreachable = 0): { adapter: SyncAdapter; chunks: () => number } {
  let chunks = 0;
  let calls = 0;
  const adapter: SyncAdapter = {
    name: 'forgetful',
    files: {
      kind: 'upload',
      status: async (files) => files.map((f): FileStatus => ({ sha256: f.sha256, size: f.size, received: 0, complete: false })),
      uploadChunk: async (sha256, size) => {
        chunks += 1;
        return { sha256, size, received: size, complete: true };
      },
    },
    pull: { kind: 'feed', changes: async (since) => ({ changes: [], next: since }) },
    pushDossier: async () => {
      calls += 1;
      if (calls <= unreachable) throw new ProvincialError('transient', 'Không kết nối được máy chủ sảnh.');
      throw new ProvincialError('transient', 'Máy chủ sảnh chưa nhận đủ 1 tệp của hồ sơ; sẽ gửi lại.', { missingFile: true });
    },
    pushProgress: async () => 'ok',
    close: () => {},
  };
  return { adapter, chunks: () => chunks };
}

let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

// Repro: a receiver that kept answering "missing file" after every re-send left the item pending forever
// (547 attempts in one CI log), so nobody was ever told; it now goes to "cần xử lý" after maxUnknownAttempts.
test('an item the receiver keeps refusing for a file it was just sent goes to attention, each attempt re-sending the file', async () => {
  core = testCore({ seedDemo: false });
  seedDossiers(core.db, core.files, core.config.agency.code, { count: 1, filesPerDossier: 1, minSize: 1024, maxSize: 1024 });
  const receiver = forgetfulReceiver();
  const engine = new SyncEngine(core.db, core.files, receiver.adapter, { maxUnknownAttempts: 3, backoffBaseMs: 1, backoffMaxMs: 1 });
  await engine.runOnce({ maxMs: 10_000 });
  expect(outboxCounts(core.db)).toMatchObject({ pending: 0, attention: 1 });
  expect(failingItems(core.db)).toEqual([
    expect.objectContaining({ state: 'attention', attempts: 3, last_error: expect.stringMatching(/chưa nhận đủ 1 tệp/) }),
  ]);
  expect(receiver.chunks()).toBe(3);
});

test('times the receiver could not be reached do not count as refusals', async () => {
  core = testCore({ seedDemo: false });
  seedDossiers(core.db, core.files, core.config.agency.code, { count: 1, filesPerDossier: 1, minSize: 1024, maxSize: 1024 });
  const receiver = forgetfulReceiver(4);
  const engine = new SyncEngine(core.db, core.files, receiver.adapter, { maxUnknownAttempts: 3, backoffBaseMs: 1, backoffMaxMs: 1 });
  await engine.runOnce({ maxMs: 10_000 });
  expect(failingItems(core.db)).toEqual([expect.objectContaining({ state: 'attention', attempts: 7 })]);
});
