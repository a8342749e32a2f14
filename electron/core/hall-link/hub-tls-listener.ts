/**
 * The hub's HTTPS listener for workstations: the same Fastify routes (contract
 * and /events) served a second time over TLS with the hub's own certificate.
 * Kiosks and display boards in a browser keep the plain HTTP port: they carry
 * no personal data (the event policy redacts it).
 */
import https from 'node:https';
import type { Socket } from 'node:net';
import type { Hub } from '../hub/hub-server';
import type { HubTls } from './hub-tls';

export interface TlsListener {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startTlsListener(hub: Hub, tls: HubTls, host: string, port: number): Promise<TlsListener> {
  const server = https.createServer({ key: tls.keyPem, cert: tls.certPem, minVersion: 'TLSv1.2' }, (req, res) => hub.app.routing(req, res));
  // @fastify/websocket upgrades what reaches the hub's own server: hand TLS upgrades to it.
  server.on('upgrade', (req, socket: Socket, head: Buffer) => hub.app.server.emit('upgrade', req, socket, head));
  // A client that never finishes its handshake must not hold a socket forever.
  server.on('tlsClientError', (_error, socket) => socket.destroy());
  // Upgraded sockets leave the HTTP server's books: keep our own, so close() ends them too.
  const sockets = new Set<Socket>();
  server.on('secureConnection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `https://${shown}:${bound}`,
    port: bound,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
