/**
 * A TCP proxy between one workstation and the hub that misbehaves on demand:
 * `drop` refuses and cuts every connection, `chaos` cuts some connections in
 * the middle of an answer, delays and stalls others. Loopback only.
 */
import net from 'node:net';

export type ProxyMode = 'pass' | 'drop' | 'chaos';

export interface ReplicationProxy {
  port: number;
  mode: ProxyMode;
  /** Connections cut by the proxy so far. */
  cuts: number;
  close(): Promise<void>;
}

export async function startReplicationProxy(targetPort: number, port = 0, seed = 1): Promise<ReplicationProxy> {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const sockets = new Set<net.Socket>();
  const proxy: ReplicationProxy = { port: 0, mode: 'pass', cuts: 0, close: async () => undefined };
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (proxy.mode === 'drop') {
      proxy.cuts += 1;
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream);
    // Answers: in chaos mode some are delayed, stalled for a while, or cut after a few bytes.
    const fate = random();
    const cutAfter = proxy.mode === 'chaos' && fate < 0.2 ? Math.floor(random() * 200) : Infinity;
    const delayMs = proxy.mode === 'chaos' && fate >= 0.2 && fate < 0.5 ? Math.floor(random() * 300) : 0;
    let sent = 0;
    upstream.on('data', (chunk: Buffer) => {
      if (proxy.mode === 'drop') {
        proxy.cuts += 1;
        client.destroy();
        return;
      }
      const write = () => {
        if (sent + chunk.length > cutAfter) {
          client.write(chunk.subarray(0, Math.max(0, cutAfter - sent)));
          proxy.cuts += 1;
          client.destroy();
          upstream.destroy();
          return;
        }
        sent += chunk.length;
        client.write(chunk);
      };
      if (delayMs > 0) {
        upstream.pause();
        setTimeout(() => {
          write();
          upstream.resume();
        }, delayMs);
      } else write();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  proxy.port = (server.address() as net.AddressInfo).port;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return proxy;
}
