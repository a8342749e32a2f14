/** The queue's settings: defaults, the stored document and its rules, cached between reads. */
import fs from 'node:fs';
import { AppError, QueueSettingsSchema, type QueueSettings } from '../../../shared/contract';
import type { Db } from '../db/database';
import { readSettingsJson, writeSettingsJson } from './queue-store';

export const DEFAULT_SETTINGS: QueueSettings = {
  openingHours: { open: '07:00', close: '17:00', enforce: false },
  dailyResetTime: '00:00',
  numberRanges: {},
  priorityGroups: [
    { id: 'nguoi-cao-tuoi', name: 'Người cao tuổi', active: true },
    { id: 'nguoi-khuyet-tat', name: 'Người khuyết tật', active: true },
    { id: 'phu-nu-mang-thai', name: 'Phụ nữ mang thai', active: true },
    { id: 'nguoi-co-con-nho', name: 'Người có con nhỏ dưới 36 tháng', active: true },
    { id: 'nguoi-co-cong', name: 'Thương binh, người có công với cách mạng', active: true },
  ],
  policy: { mode: 'alternate', normalPerPriority: 2 },
  elderlyAge: 60,
  elderlyGroupId: 'nguoi-cao-tuoi',
  defaultServiceMinutes: 10,
};

export class QueueSettingsStore {
  private cache: QueueSettings | null = null;

  constructor(private readonly db: Db) {}

  /** The stored settings; the defaults when none are stored or the stored ones no longer fit the schema. */
  get(): QueueSettings {
    if (this.cache) return this.cache;
    const json = readSettingsJson(this.db);
    const parsed = json ? QueueSettingsSchema.safeParse(JSON.parse(json)) : null;
    this.cache = parsed?.success ? parsed.data : DEFAULT_SETTINGS;
    return this.cache;
  }

  save(settings: QueueSettings): QueueSettings {
    if (!settings.priorityGroups.some((g) => g.id === settings.elderlyGroupId)) {
      throw new AppError('invalid_input', `Nhóm ưu tiên cho người cao tuổi "${settings.elderlyGroupId}" không có trong danh sách.`);
    }
    writeSettingsJson(this.db, JSON.stringify(settings));
    this.cache = settings;
    return settings;
  }

  /** The demo settings from `file`, or null when settings are stored already. */
  demoToSeed(file: string): QueueSettings | null {
    if (readSettingsJson(this.db) !== undefined) return null;
    return QueueSettingsSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  }
}
