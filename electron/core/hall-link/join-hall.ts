/**
 * Pairing a workstation with its hall's hub, once: the supervisor's code
 * (8 digits + the pin of the hub's certificate) is checked against the
 * certificate the hub presents before anything is sent, then traded for the
 * workstation's own device credential over the pinned connection.
 */
import https from 'node:https';
import { z } from 'zod';
import { AppError, MeSchema } from '../../../shared/contract';
import type { CredentialStore, HallCredential } from './hall-credential';
import { fingerprintPin, parseJoinCode } from './hub-tls';
import { pinnedTlsOptions, probeCertificate, requestJson } from './pinned-https';

const PairAnswerSchema = z.object({ credential: z.string().min(1).max(512), me: MeSchema });

export const JOIN_PIN_MISMATCH =
  'Chứng chỉ của máy chủ sảnh không khớp với mã ghép nối: có thể có thiết bị chen giữa, hoặc địa chỉ không phải máy chủ sảnh. Không ghép nối.';

export interface JoinRequest {
  hubUrl: string;
  code: string;
  name: string;
  store: CredentialStore;
}

export async function joinHall(request: JoinRequest): Promise<HallCredential> {
  const parsed = parseJoinCode(request.code);
  if (!parsed) {
    throw new AppError(
      'invalid_input',
      'Mã ghép nối máy trạm gồm 8 chữ số và 16 ký tự vân tay chứng chỉ, như trên trang Giám sát → Ghép nối thiết bị (vai trò: máy trạm).',
    );
  }
  const url = new URL(request.hubUrl);
  if (url.protocol !== 'https:')
    throw new AppError('invalid_input', 'Địa chỉ máy chủ sảnh phải là https://MÁY:CỔNG (cổng HTTPS của máy chủ).');
  const presented = await probeCertificate(url.origin);
  if (fingerprintPin(presented.fingerprint) !== parsed.pin) throw new AppError('forbidden', JOIN_PIN_MISMATCH);
  // From here on only that exact certificate is trusted: a swap between the two connections is refused too.
  const agent = new https.Agent(pinnedTlsOptions(presented));
  try {
    const answer = PairAnswerSchema.parse(
      await requestJson(agent, `${url.origin}/api/auth.pair`, {
        method: 'POST',
        body: { code: parsed.code, name: request.name },
        timeoutMs: 15_000,
      }),
    );
    if (answer.me.role !== 'counter-device') {
      throw new AppError(
        'invalid_input',
        'Mã này dành cho kiosk hoặc màn hình sảnh, không phải máy trạm: hãy tạo mã với vai trò "máy trạm".',
      );
    }
    const credential: HallCredential = {
      hubUrl: url.origin,
      certPem: presented.certPem,
      fingerprint: presented.fingerprint,
      credential: answer.credential,
      deviceId: answer.me.id,
      name: answer.me.name,
      joinedAt: new Date().toISOString(),
    };
    request.store.save(credential);
    return credential;
  } finally {
    agent.destroy();
  }
}
