import type { ComponentType } from 'react';
import type { MessageKey } from '../../i18n';
import { HallPanel } from './HallPanel';
import { HealthPanel } from './HealthPanel';
import { AccountsPanel } from './AccountsPanel';
import { AuditPanel } from './AuditPanel';
import { DevicesPanel } from './DevicesPanel';
import { QueueStatsPanel } from './QueueStatsPanel';
import { QueueSupervisorPanel } from './QueueSupervisorPanel';
import { CalendarPanel } from './dossier/CalendarPanel';
import { CatalogPanel } from './dossier/CatalogPanel';
import { SyncPanel } from './SyncPanel';
import { WorkstationsPanel } from './WorkstationsPanel';

export interface SupervisorTab {
  id: string;
  label: MessageKey;
  Component: ComponentType;
}

/** The supervisor's pages; a feature adds its panel file and one entry here. */
export const SUPERVISOR_TABS: readonly SupervisorTab[] = [
  { id: 'health', label: 'supervisor.tab.health', Component: HealthPanel },
  { id: 'hall', label: 'supervisor.tab.hall', Component: HallPanel },
  { id: 'devices', label: 'supervisor.tab.devices', Component: DevicesPanel },
  { id: 'accounts', label: 'supervisor.tab.accounts', Component: AccountsPanel },
  { id: 'audit', label: 'supervisor.tab.audit', Component: AuditPanel },
  { id: 'queue', label: 'supervisor.tab.queue', Component: QueueSupervisorPanel },
  { id: 'queue-stats', label: 'supervisor.tab.stats', Component: QueueStatsPanel },
  { id: 'calendar', label: 'supervisor.tab.calendar', Component: CalendarPanel },
  { id: 'catalog', label: 'supervisor.tab.catalog', Component: CatalogPanel },
  { id: 'sync', label: 'supervisor.tab.sync', Component: SyncPanel },
  { id: 'workstations', label: 'supervisor.tab.workstations', Component: WorkstationsPanel },
];
