/**
 * How a workstation reaches its hub. The hall link (pinned TLS, pairing) gives
 * a HubConnection; replication needs only one call. `HttpHubTransport` is the
 * plain one: POST /api/<method> with the device credential.
 */
import { AppError, ErrorBodySchema } from '../../../shared/contract';

export interface HubTransport {
  call(method: string, input: unknown): Promise<unknown>;
}

/** The hub could not be reached or did not answer in time (not an answer from it). */
export class HubUnreachableError extends AppError {
  constructor(detail: string) {
    super('unavailable', 'Không kết nối được máy chủ sảnh.', [detail]);
  }
}

export class HttpHubTransport implements HubTransport {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly timeoutMs = 15_000,
  ) {}

  async call(method: string, input: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl.replace(/\/$/, '')}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
        body: JSON.stringify(input),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new HubUnreachableError((error as Error).message);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      throw new HubUnreachableError(`answer cut: ${(error as Error).message}`);
    }
    if (response.ok) return body;
    const parsed = ErrorBodySchema.safeParse(body);
    if (!parsed.success) throw new HubUnreachableError(`HTTP ${response.status}`);
    throw new AppError(parsed.data.error.code, parsed.data.error.message, parsed.data.error.details);
  }
}
