import { AppError } from '../../../shared/contract';
import type { Handlers } from '../contract/router';
import type { EventBus } from '../events';
import type { FileStore } from '../files/file-store';
import { pinWarning, refuseReason } from '../devices/token/cert-rules';
import { discoverModules } from '../devices/token/pkcs11-modules';
import { closeModules, listTokens, TokenSession } from '../devices/token/pkcs11-token';
import { demoKey, tokenKey, type SigningKey, type SigningService } from './signing-service';

/** Certificates a token shows before login; none when it hides them or cannot be read. */
function publicCertificates(modulePath: string, label: string) {
  try {
    const session = TokenSession.open(modulePath, label);
    try {
      return session.certificates().map(({ commonName, subject, issuer, notBefore, notAfter, keyUsage, status }) => ({
        commonName,
        subject,
        issuer,
        notBefore,
        notAfter,
        keyUsage,
        status,
        refused: refuseReason(status),
      }));
    } finally {
      session.close();
    }
  } catch {
    return [];
  }
}

function certificateView(key: SigningKey) {
  const { commonName, subject, issuer, notBefore, notAfter, status } = key.certificate;
  return { commonName, subject, issuer, notBefore, notAfter, status };
}

export function signingHandlers(
  s: SigningService,
  files: FileStore,
  bus: EventBus,
  options: { configuredModule?: string },
): Pick<Handlers, 'signing.tokens' | 'signing.openSession' | 'signing.closeSession' | 'signing.sign' | 'signing.verify'> {
  return {
    'signing.tokens': () => {
      // Some modules (SoftHSM among them) only see tokens present at C_Initialize: start them
      // again so a token plugged in since shows up — never while a signing session is open.
      if (!s.hasOpenSessions()) closeModules();
      const modules = discoverModules({ configured: options.configuredModule });
      const tokens = modules.flatMap((m) => {
        try {
          return listTokens(m.path)
            .filter((t) => t.label !== '')
            .map((t) => ({
              module: m.path,
              vendor: m.vendor,
              label: t.label,
              manufacturer: t.manufacturer,
              model: t.model,
              serial: t.serial,
              pin: t.pin,
              pinWarning: pinWarning(t.pin),
              certificates: publicCertificates(m.path, t.label),
            }));
        } catch {
          return [];
        }
      });
      return { tokens, modules, demoAvailable: true };
    },
    'signing.openSession': (input) => {
      // The PIN is used for one C_Login inside tokenKey and not kept anywhere.
      const key = 'demo' in input ? demoKey() : tokenKey(input.module, input.token, input.pin);
      return { sessionId: s.openSession(key), certificate: certificateView(key), demo: key.demo };
    },
    'signing.closeSession': ({ sessionId }) => {
      s.closeSession(sessionId);
      return null;
    },
    'signing.sign': ({ sessionId, sha256s, copyType, reason, original, password }) => {
      const image = (sha?: string) => {
        if (!sha) return undefined;
        if (!files.has(sha)) throw new AppError('not_found', 'Không tìm thấy ảnh chữ ký hoặc ảnh con dấu trong kho lưu trữ.');
        return new Uint8Array(files.get(sha));
      };
      const placement = original
        ? {
            page: original.page,
            x: original.x,
            y: original.y,
            signerImage: image(original.signerImageSha256),
            sealImage: image(original.sealImageSha256),
          }
        : undefined;
      return s.signBatch(s.session(sessionId), sha256s, { copyType, reason, original: placement, password }, (done, total) =>
        bus.emit('signing.progress', { sessionId, done, total }),
      );
    },
    'signing.verify': ({ sha256 }) => {
      if (!files.has(sha256)) throw new AppError('not_found', 'Không tìm thấy tệp trong kho lưu trữ.');
      const signatures = s.verify(new Uint8Array(files.get(sha256)));
      return { signatures, allIntact: signatures.length > 0 && signatures.every((x) => x.intact) };
    },
  };
}
