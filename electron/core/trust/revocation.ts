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

/** How often the hub looks for changes made by another process (the CLI): a revocation lands within this. */
export const FOREIGN_CHANGE_POLL_MS = 1000;

/**
 * Found by the attack run: `npm run cli -- revoke-device` answered 401 over HTTP at once, but the device's
 * open WebSocket still got events 12 s later: the hub never learned of a change made by another process.
 * SQLite's `data_version` changes exactly when another connection commits, and reading it costs next to
 * nothing, so the hub polls it and re-checks every open connection when it moves. Answers a stop function.
 */
export function watchForeignCommits(
  db: { pragma(source: string, options: { simple: true }): unknown },
  onChange: () => void,
  everyMs = FOREIGN_CHANGE_POLL_MS,
): () => void {
  let seen = db.pragma('data_version', { simple: true });
  const timer = setInterval(() => {
    let now: unknown;
    try {
      now = db.pragma('data_version', { simple: true });
    } catch {
      return; // closing, or the disk is failing: the next tick tries again
    }
    if (now === seen) return;
    seen = now;
    onChange();
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
