/**
 * Fired whenever a credential may have stopped working (device revoked,
 * session ended, account disabled or reset). Transports that keep long-lived
 * connections (the hub's WebSockets) re-check each connection's credential and
 * close those that no longer pass — at once, not at the next call.
 */
export class RevocationSignal {
  private readonly listeners = new Set<() => void>();

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  fire(): void {
    for (const listener of this.listeners) listener();
  }
}
