/**
 * A TCP proxy that misbehaves on command, to put between a workstation and the
 * hub: `drop` refuses and kills connections, `cut` lets a request through but
 * only the first bytes of the answer back, `delay` holds every chunk, `stall`
 * keeps the connection open and forwards nothing. It works below TLS, so the
 * workstation's certificate pin still sees the hub's own certificate.
 */
import net from 'node:net';

export type ChaosMode = 'pass' | 'drop' | 'cut' | 'delay' | 'stall';

export interface ChaosOptions {
  /** `delay`: milliseconds each chunk waits, both ways. */
  delayMs?: number;
  /** `cut`: bytes of the answer let through before both sides are destroyed. */
  cutAfterBytes?: number;
}

export interface ChaosStats {
  connections: number;
  dropped: number;
  cut: number;
}

interface Pair {
  client: net.Socket;
  server: net.Socket;
  answered: number;
  /** Chunks waiting under `delay`, in order. */
  chain: Promise<void>;
}

export class ChaosProxy {
  private mode: ChaosMode = 'pass';
  private options: Required<ChaosOptions> = { delayMs: 200, cutAfterBytes: 64 };
  private readonly pairs = new Set<Pair>();
  readonly stats: ChaosStats = { connections: 0, dropped: 0, cut: 0 };

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(target: { host: string; port: number }, listenPort = 0): Promise<ChaosProxy> {
    const holder: { proxy?: ChaosProxy } = {};
    const server = net.createServer((client) => holder.proxy?.accept(client, target));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(listenPort, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    holder.proxy = new ChaosProxy(server, typeof address === 'object' && address ? address.port : listenPort);
    return holder.proxy;
  }

  /** Switches behaviour for every chunk from now on; `drop` also kills the connections already open. */
  set(mode: ChaosMode, options: ChaosOptions = {}): void {
    this.mode = mode;
    this.options = { ...this.options, ...options };
    if (mode === 'drop') this.killAll();
  }

  current(): ChaosMode {
    return this.mode;
  }

  /** Destroys every open connection, as a cable pulled out and back in. */
  killAll(): void {
    for (const pair of this.pairs) this.kill(pair);
  }

  async close(): Promise<void> {
    this.killAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket, target: { host: string; port: number }): void {
    this.stats.connections++;
    if (this.mode === 'drop') {
      this.stats.dropped++;
      client.destroy();
      return;
    }
    const server = net.connect(target.port, target.host);
    const pair: Pair = { client, server, answered: 0, chain: Promise.resolve() };
    this.pairs.add(pair);
    const end = () => this.kill(pair);
    client.on('error', end).on('close', end);
    server.on('error', end).on('close', end);
    client.on('data', (chunk: Buffer) => this.forward(pair, chunk, server, false));
    server.on('data', (chunk: Buffer) => this.forward(pair, chunk, client, true));
  }

  private forward(pair: Pair, chunk: Buffer, to: net.Socket, isAnswer: boolean): void {
    switch (this.mode) {
      case 'stall':
        return; // swallowed: the peer waits for ever, TCP still looks healthy
      case 'drop':
        this.stats.dropped++;
        this.kill(pair);
        return;
      case 'cut': {
        if (!isAnswer) return void to.write(chunk);
        const room = this.options.cutAfterBytes - pair.answered;
        if (room > 0) to.write(chunk.subarray(0, room));
        pair.answered += chunk.length;
        if (pair.answered >= this.options.cutAfterBytes) {
          this.stats.cut++;
          this.kill(pair);
        }
        return;
      }
      case 'delay': {
        const wait = this.options.delayMs;
        pair.chain = pair.chain.then(
          () =>
            new Promise<void>((resolve) =>
              setTimeout(() => {
                if (!to.destroyed) to.write(chunk);
                resolve();
              }, wait),
            ),
        );
        return;
      }
      case 'pass':
        to.write(chunk);
    }
  }

  private kill(pair: Pair): void {
    if (!this.pairs.delete(pair)) return;
    pair.client.destroy();
    pair.server.destroy();
  }
}
