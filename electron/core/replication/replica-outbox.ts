/**
 * A workstation's side of the write: every change to a dossier's record
 * becomes a replication item INSIDE the transaction that made it (the same
 * outbox machinery as the provincial sync, in the `repl_*` tables). One local
 * transaction is one item: returning a result (→9, →10, the result) travels
 * and is checked at the hub as one group, all or none.
 */
import { randomUUID } from 'node:crypto';
import type { Dossier, ReplicaEvent, ReplicaItem } from '../../../shared/contract';
import { STATUS_NAMES } from '../../../shared/domain/status';
import { toProvincialDate, type ProvincialDossierInput } from '../../../shared/provincial';
import type { Db } from '../db/database';
import type { DossierRecordChange, DossierRecordListener } from '../dossier/dossier-service';
import type { FileStore } from '../files/file-store';
import { enqueueOutbox } from '../sync/outbox';
import { replicaTables } from './namespaced-db';
import { insertReplicaItem, updateOutboxManifest, updateReplicaItem } from './replica-store';

interface FileRef {
  sha256: string;
  name: string;
}

interface OpenItem {
  code: string;
  key: string;
  item: Extract<ReplicaItem, { kind: 'change' }>;
  files: Map<string, FileRef>;
}

function filesOfDossier(d: Dossier): FileRef[] {
  return [
    ...d.components.filter((c) => c.sha256).map((c) => ({ sha256: c.sha256!, name: c.fileName ?? `${c.code}.pdf` })),
    ...(d.result?.documents ?? []).filter((r) => r.sha256).map((r) => ({ sha256: r.sha256!, name: r.name })),
    ...d.forms.map((f) => ({ sha256: f.sha256, name: `mau-${f.form}.pdf` })),
  ];
}

function filesOfEvent(e: ReplicaEvent): FileRef[] {
  if (e.type === 'component')
    return e.component.sha256 ? [{ sha256: e.component.sha256, name: e.component.fileName ?? `${e.component.code}.pdf` }] : [];
  if (e.type === 'result') return e.result.documents.filter((r) => r.sha256).map((r) => ({ sha256: r.sha256!, name: r.name }));
  if (e.type === 'form') return [{ sha256: e.form.sha256, name: `mau-${e.form.form}.pdf` }];
  return [];
}

function eventOf(change: Exclude<DossierRecordChange, { type: 'received' }>): ReplicaEvent | null {
  switch (change.type) {
    case 'status-changed':
      if (change.change.from === null) return null;
      return {
        type: 'status',
        from: change.change.from,
        to: change.change.to,
        at: change.change.at,
        by: change.change.by,
        note: change.change.note,
      };
    case 'component-added':
      return { type: 'component', component: change.component, by: change.by };
    case 'result-returned':
      return { type: 'result', result: change.result };
    case 'apologized':
      return { type: 'apology', ...change.apology };
    case 'form-stored':
      return { type: 'form', form: change.form };
  }
}

/** The officer's words for what a group did, for the "cần xử lý" list. */
export function describeEvents(events: readonly ReplicaEvent[]): string {
  if (events.some((e) => e.type === 'result')) return 'Trả kết quả';
  const parts = events.map((e): string => {
    switch (e.type) {
      case 'status':
        return `Chuyển trạng thái: ${STATUS_NAMES[e.to]}`;
      case 'component':
        return `Bổ sung: ${e.component.name}`;
      case 'apology':
        return 'Hẹn lại ngày trả';
      case 'form':
        return `Lập mẫu ${e.form.form}`;
      case 'result':
        return 'Trả kết quả';
    }
  });
  return [...new Set(parts)].join('; ');
}

export class ReplicaOutbox {
  private open: OpenItem | null = null;
  private readonly outboxDb: Db;

  constructor(
    private readonly db: Db,
    private readonly files: FileStore,
    private readonly station: number,
    /** Told after the transaction that enqueued something (to wake the engine). */
    private readonly enqueued: () => void,
  ) {
    this.outboxDb = replicaTables(db);
  }

  readonly listener: DossierRecordListener = (_db, change) => {
    if (change.type === 'received') {
      this.open = null;
      const item: ReplicaItem = { kind: 'receive', station: this.station, dossier: change.dossier, apology: null };
      this.insert(change.dossier.code, item, filesOfDossier(change.dossier), 'Tiếp nhận hồ sơ', change.dossier.status);
    } else {
      const event = eventOf(change);
      if (!event) return;
      if (this.open && this.open.code === change.code && this.db.inTransaction) this.append(this.open, event);
      else this.open = this.startChange(change.code, event);
    }
    this.closeAfterTransaction();
  };

  private wakeScheduled = false;

  private closeAfterTransaction(): void {
    if (this.wakeScheduled) return;
    this.wakeScheduled = true;
    // A transaction runs synchronously: everything it changes is reported before any microtask runs.
    queueMicrotask(() => {
      this.wakeScheduled = false;
      this.open = null;
      this.enqueued();
    });
  }

  private startChange(code: string, event: ReplicaEvent): OpenItem {
    const item: Extract<ReplicaItem, { kind: 'change' }> = { kind: 'change', station: this.station, code, events: [event] };
    const files = new Map(filesOfEvent(event).map((f) => [f.sha256, f]));
    const key = this.insert(code, item, [...files.values()], describeEvents(item.events), null);
    return { code, key, item, files };
  }

  private append(open: OpenItem, event: ReplicaEvent): void {
    open.item.events.push(event);
    for (const f of filesOfEvent(event)) open.files.set(f.sha256, f);
    const present = this.present([...open.files.values()]);
    const manifest = this.manifest(open.code, present, null);
    updateReplicaItem(this.db, open.key, JSON.stringify(open.item), describeEvents(open.item.events));
    const sizes = present.reduce((s, f) => s + f.size, 0);
    updateOutboxManifest(this.outboxDb, open.key, JSON.stringify(manifest), present.length, sizes);
  }

  private insert(code: string, item: ReplicaItem, files: FileRef[], action: string, status: number | null): string {
    const key = randomUUID();
    insertReplicaItem(this.db, key, code, JSON.stringify(item), action);
    enqueueOutbox(this.outboxDb, { kind: 'dossier', payload: this.manifest(code, this.present(files), status), idempotencyKey: key });
    return key;
  }

  /** The files to send first, once each; a file this PC never had (a result scanned at another counter) is at the hub already. */
  private present(files: FileRef[]): (FileRef & { size: number })[] {
    const unique = new Map(files.filter((f) => this.files.has(f.sha256)).map((f) => [f.sha256, f]));
    return [...unique.values()].map((f) => ({ ...f, size: this.files.size(f.sha256) }));
  }

  /**
   * What the engine reads of an item: the dossier's code and the files to send
   * before it (by SHA-256), in the envelope it knows. The item itself is in replica_items.
   */
  private manifest(code: string, files: (FileRef & { size: number })[], status: number | null): ProvincialDossierInput {
    const now = toProvincialDate(new Date());
    return {
      MaHoSo: code,
      MaTTHC: 'replica',
      TenTTHC: '',
      ChuHoSo: '-',
      LoaiDoiTuong: 1,
      NgayTiepNhan: now,
      NgayHenTra: now,
      TrangThaiHoSo: status ?? 2,
      TaiLieuNop: files.map((f) => ({
        TepDinhKemId: f.sha256,
        TenTepDinhKem: f.name.slice(0, 255) || 'tep.pdf',
        DuongDanTaiTepTin: `sha256:${f.sha256}`,
        KichThuocTep: f.size,
      })),
    };
  }
}
