import { AppError } from '../../../shared/contract';
import type { Handlers } from '../contract/router';
import { checkAttachment, imageThumbnail } from './attachment-check';
import type { FileStore } from './file-store';

export function fileHandlers(files: FileStore): Pick<Handlers, 'files.put' | 'files.get' | 'files.inspect'> {
  return {
    'files.put': ({ base64 }) => files.put(Buffer.from(base64, 'base64')),
    'files.get': ({ sha256 }) => {
      if (!files.has(sha256)) throw new AppError('not_found', 'Không tìm thấy tệp trong kho lưu trữ.');
      const bytes = files.get(sha256);
      return { sha256, size: bytes.byteLength, base64: bytes.toString('base64') };
    },
    // The same check dossier.receive makes, asked early so the officer sees a refusal at attach time.
    'files.inspect': async ({ sha256, name }) => {
      if (!files.has(sha256)) throw new AppError('not_found', `Thành phần "${name}": tệp chưa có trong kho lưu trữ.`);
      const bytes = await files.getAsync(sha256);
      const info = await checkAttachment(bytes, name);
      const thumbnail = await imageThumbnail(bytes, info.kind);
      return { ...info, thumbnailSha256: thumbnail ? (await files.putAsync(thumbnail)).sha256 : null };
    },
  };
}
