import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CONTENT_SECURITY_POLICY } from '../security/csp';
import { loginAs, postJson, testHub } from '../../../tests/support/core';
import type { Hub } from './hub-server';
import type { Core } from '../app';

let running: { core: Core; hub: Hub; token: string } | undefined;

async function hubWithAdmin(options: Parameters<typeof testHub>[0] = {}) {
  const started = await testHub(options);
  return { ...started, token: (await loginAs(started.core, 'admin')).token };
}
afterEach(async () => {
  await running?.hub.close();
  await running?.core.close();
  running = undefined;
});

describe('hub over HTTP and WebSocket', () => {
  it('answers /healthz and a contract call', async () => {
    running = await hubWithAdmin();
    const health = await fetch(`${running.hub.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const config = await postJson(`${running.hub.url}/api/hall.config`, {}, running.token);
    expect(config.status).toBe(200);
    expect((config.body as { counters: unknown[] }).counters).toHaveLength(6);
  });

  it.each([
    ['invalid input', 'hall.saveService', { prefix: 7 }, 400, 'invalid_input'],
    ['unknown method', 'hall.nothing', {}, 404, 'unknown_method'],
    ['conflict', 'hall.saveService', { name: 'X', prefix: 'B' }, 409, 'conflict'],
  ])('maps %s to HTTP %i', async (_label, method, body, status, code) => {
    running = await hubWithAdmin();
    const answer = await postJson(`${running.hub.url}/api/${method}`, body, running.token);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ error: { code } });
  });

  it('rejects a body that is not JSON with a Vietnamese message', async () => {
    running = await hubWithAdmin();
    const response = await fetch(`${running.hub.url}/api/hall.config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${running.token}` },
      body: '{nope',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: 'invalid_input', message: expect.stringContaining('Yêu cầu không hợp lệ') },
    });
  });

  it('sends the Content-Security-Policy on every answer', async () => {
    running = await hubWithAdmin();
    const response = await fetch(`${running.hub.url}/healthz`);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
  });

  it('refuses callers the authenticator does not know, on both HTTP and WebSocket', async () => {
    running = await hubWithAdmin({ authenticate: () => null });
    const answer = await postJson(`${running.hub.url}/api/hall.config`, {});
    expect(answer.status).toBe(401);
    const socket = new WebSocket(`${running.hub.url.replace('http', 'ws')}/events`);
    const closeCode = await new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    expect(closeCode).toBe(4401);
  });

  it('pushes contract events to WebSocket clients', async () => {
    running = await hubWithAdmin();
    const socket = new WebSocket(`${running.hub.url.replace('http', 'ws')}/events?token=${running.token}`);
    const frames: { event: string; payload: unknown }[] = [];
    await new Promise<void>((resolve) => {
      socket.on('message', (data) => {
        frames.push(JSON.parse(String(data)));
        if (frames.length === 1) resolve();
      });
    });
    const changed = new Promise<{ event: string; payload: { services: { name: string }[] } }>((resolve) =>
      socket.on('message', (data) => resolve(JSON.parse(String(data)))),
    );
    await postJson(`${running.hub.url}/api/hall.saveService`, { name: 'Tư pháp', prefix: 'G' }, running.token);
    const frame = await changed;
    expect(frame.event).toBe('hall.changed');
    expect(frame.payload.services.map((s) => s.name)).toContain('Tư pháp');
    socket.close();
  });
});
