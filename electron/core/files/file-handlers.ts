import { AppError } from '../../../shared/contract';
import type { Handlers } from '../contract/router';
import type { FileStore } from './file-store';

export function fileHandlers(files: FileStore): Pick<Handlers, 'files.put' | 'files.get'> {
  return {
    'files.put': ({ base64 }) => files.put(Buffer.from(base64, 'base64')),
    'files.get': ({ sha256 }) => {
      if (!files.has(sha256)) throw new AppError('not_found', 'Không tìm thấy tệp trong kho lưu trữ.');
      const bytes = files.get(sha256);
      return { sha256, size: bytes.byteLength, base64: bytes.toString('base64') };
    },
  };
}
