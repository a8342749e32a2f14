import type { ComponentType } from 'react';
import type { MessageKey } from '../../i18n';
import { QueuePanel } from './QueuePanel';
import { ServicesPanel } from './ServicesPanel';

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
];
