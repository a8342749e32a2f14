/** `npm run cli -- join-hall --hub URL --code CODE --data DIR [--name NAME]`: pairs this workstation with the hall's hub. */
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../shared/contract';
import { parseCliOptions, type CliCommand } from '../cli/command';
import { FileCredentialStore, credentialFile } from './hall-credential';
import { joinHall } from './join-hall';

export const joinHallCommand: CliCommand = {
  name: 'join-hall',
  summary: 'Ghép nối máy trạm với máy chủ sảnh (--hub https://MÁY:CỔNG --code MÃ --data THƯ_MỤC [--name TÊN])',
  async run(args) {
    const { values } = parseCliOptions(args, {
      hub: { type: 'string' },
      code: { type: 'string' },
      data: { type: 'string' },
      name: { type: 'string' },
    });
    if (!values.hub || !values.code) throw new AppError('invalid_input', 'Thiếu --hub hoặc --code.');
    const file = credentialFile(path.resolve(values.data ?? 'data'));
    const joined = await joinHall({
      hubUrl: values.hub,
      code: values.code,
      name: (values.name ?? `Máy trạm ${os.hostname()}`).slice(0, 80),
      store: new FileCredentialStore(file),
    });
    console.log(`Đã ghép nối "${joined.name}" với máy chủ sảnh ${joined.hubUrl}.`);
    console.log(`  Vân tay chứng chỉ máy chủ (SHA-256): ${joined.fingerprint.match(/.{4}/g)?.join(' ')}`);
    console.log(`  Khoá truy cập lưu tại ${file} (chỉ người dùng này đọc được).`);
    console.log(`  Chạy máy trạm: npm run serve -- --hall-hub ${joined.hubUrl} --station N --data ${path.dirname(path.dirname(file))}`);
    return 0;
  },
};
