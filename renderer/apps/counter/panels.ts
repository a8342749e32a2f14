import type { ComponentType } from 'react';
import type { MessageKey } from '../../i18n';
import { QueuePanel } from './QueuePanel';
import { ServicesPanel } from './ServicesPanel';
import { ReceptionPanel } from './dossier/ReceptionPanel';
import { SearchPanel } from './dossier/SearchPanel';
import { DigitizePanel } from './digitize/DigitizePanel';
import { VerifyPanel } from './digitize/VerifyPanel';

export interface CounterPanel {
  id: string;
  /** `side`: the narrow column (queue calls); `main`: the officer's workspace, one tab per panel. */
  area: 'side' | 'main';
  label: MessageKey;
  Component: ComponentType<{ counterId: string }>;
}

/** What the counter screen shows; a feature adds its panel file and one entry here. */
export const COUNTER_PANELS: readonly CounterPanel[] = [
  { id: 'services', area: 'side', label: 'counter.services', Component: ServicesPanel },
  { id: 'queue', area: 'side', label: 'queue.panel', Component: QueuePanel },
  { id: 'reception', area: 'main', label: 'counter.reception', Component: ReceptionPanel },
  { id: 'search', area: 'main', label: 'counter.search', Component: SearchPanel },
  { id: 'digitize', area: 'main', label: 'counter.digitize', Component: DigitizePanel },
  { id: 'verify', area: 'main', label: 'counter.verify', Component: VerifyPanel },
];
