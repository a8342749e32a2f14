import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Core } from '../../electron/core/app';
import type { Hub } from '../../electron/core/hub/hub-server';
import { testHub } from '../support/core';

let running: { core: Core; hub: Hub } | undefined;
afterEach(async () => {
  await running?.hub.close();
  await running?.core.close();
  running = undefined;
});

describe('a revocation made by another process', () => {
  // Repro (issue 11): `npm run cli -- revoke-device` left the device's open socket working: HTTP answered 401,
  // but /events still delivered queue.changed 12 s later.
  it('closes the device’s open WebSocket within seconds', async () => {
    running = await testHub();
    const { core, hub } = running;
    const { credential, me } = core.devices.pairDirect('display', 'Màn hình sảnh', 'system');
    const socket = new WebSocket(`${hub.url.replace('http', 'ws')}/events?token=${credential}`);
    await new Promise((resolve, reject) => {
      socket.once('message', resolve);
      socket.once('error', reject);
    });
    const closed = new Promise<{ code: number; at: number }>((resolve) =>
      socket.once('close', (code) => resolve({ code, at: Date.now() })),
    );

    const cli = spawnSync('npx', ['tsx', 'electron/core/cli/main.ts', 'revoke-device', '--id', me.id, '--data', core.config.dataDir], {
      encoding: 'utf8',
    });
    expect(cli.status).toBe(0);
    const revokedAt = Date.now();
    const outcome = await Promise.race([closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), 5000))]);
    expect(outcome).not.toBeNull();
    expect(outcome?.code).toBe(4401);
    expect((outcome?.at ?? Infinity) - revokedAt).toBeLessThan(5000);
  }, 60_000);
});
