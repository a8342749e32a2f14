import { describe, expect, it } from 'vitest';
import type { Caller } from '../contract/router';
import { ANONYMOUS_BODY_LIMIT, DEVICE_BODY_LIMIT, bodyLimitFor } from './request-body';

const as = (role: Caller['role']): Caller => ({ role });

describe('body limits per caller and method', () => {
  // Found at the merge of replication and hub hardening: a workstation's 512 KiB file chunk (base64 in JSON)
  // passed the 16 KB device limit never, so no attachment ever reached the hub register.
  it.each([
    ['replication.uploadChunk', 'counter-device', 700 * 1024, true],
    ['replication.push', 'counter-device', 200 * 1024, true],
    ['replication.uploadChunk', 'kiosk', 700 * 1024, false],
    ['queue.issueTicket', 'counter-device', DEVICE_BODY_LIMIT + 1, false],
    ['auth.login', 'anonymous', ANONYMOUS_BODY_LIMIT + 1, false],
  ] as const)('%s from a %s may carry %d bytes: %s', (method, role, bytes, allowed) => {
    expect(bytes <= bodyLimitFor(method, as(role))).toBe(allowed);
  });
});
