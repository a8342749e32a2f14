/**
 * Statuses set by the province's back office come back into the local dossier: the province's record
 * (`MaHoSo`, `TrangThaiHoSo`, `ThoiDiem` in yyyyMMddHHmmss) is turned into the dossier's terms here, at
 * the sync edge, so the dossier module never reads provincial field names.
 */
import { fromProvincialDate } from '../../../shared/provincial';
import type { DossierService } from '../dossier/dossier-service';
import type { SyncService } from './sync-service';

export interface ProvincialStatus {
  MaHoSo: string;
  TrangThaiHoSo: number;
  ThoiDiem: string;
}

/** Applies one provincial status to its dossier; a change without a readable time is ignored. */
export function applyProvincialStatus(dossiers: Pick<DossierService, 'applyRemoteStatus'>, change: ProvincialStatus): boolean {
  const at = fromProvincialDate(change.ThoiDiem);
  return at ? dossiers.applyRemoteStatus(change.MaHoSo, change.TrangThaiHoSo, at) : false;
}

/**
 * Follows the province from now on, and first catches up the changes pulled while nothing listened
 * (a crash, the CLI); stale ones are ignored by the dossier service.
 */
export function followProvincialStatuses(
  sync: Pick<SyncService, 'onRemoteStatus' | 'remoteStatuses'>,
  dossiers: Pick<DossierService, 'applyRemoteStatus'>,
): void {
  sync.onRemoteStatus((change) => applyProvincialStatus(dossiers, change));
  for (const change of sync.remoteStatuses()) applyProvincialStatus(dossiers, change);
}
