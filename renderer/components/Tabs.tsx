import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabItem {
  id: string;
  label: string;
}

interface TabsProps {
  /** Names the tab list for screen readers ("Công việc tại quầy", "Trang giám sát"). */
  label: string;
  items: readonly TabItem[];
  active: string;
  onChange: (id: string) => void;
  /** The active tab's content. */
  children: ReactNode;
}

/**
 * The WAI-ARIA tabs pattern with automatic activation: one Tab stop for the list, ←/→ (and Home/End)
 * move between tabs and show their panel, each tab names the panel it controls (issue #17).
 */
export function Tabs({ label, items, active, onChange, children }: TabsProps) {
  const id = useId();
  const refs = useRef(new Map<string, HTMLButtonElement>());
  const tabId = (tab: string) => `${id}-tab-${tab}`;
  const panelId = (tab: string) => `${id}-panel-${tab}`;
  // A panel may autofocus its first field when it mounts; after an arrow key the focus belongs on the tab.
  const focusAfterRender = useRef<string | null>(null);
  useEffect(() => {
    if (focusAfterRender.current !== active) return;
    focusAfterRender.current = null;
    refs.current.get(active)?.focus();
  }, [active]);

  function onKey(event: KeyboardEvent) {
    const index = items.findIndex((x) => x.id === active);
    const last = items.length - 1;
    const target =
      event.key === 'ArrowRight'
        ? index >= last
          ? 0
          : index + 1
        : event.key === 'ArrowLeft'
          ? index <= 0
            ? last
            : index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    const next = target === null ? undefined : items[target];
    if (!next) return;
    event.preventDefault();
    focusAfterRender.current = next.id;
    onChange(next.id);
    refs.current.get(next.id)?.focus();
  }

  return (
    <>
      <div className="tabs" role="tablist" aria-label={label} onKeyDown={onKey}>
        {items.map((x) => (
          <button
            key={x.id}
            ref={(el) => {
              if (el) refs.current.set(x.id, el);
              else refs.current.delete(x.id);
            }}
            type="button"
            role="tab"
            id={tabId(x.id)}
            aria-selected={x.id === active}
            aria-controls={panelId(x.id)}
            tabIndex={x.id === active ? 0 : -1}
            onClick={() => onChange(x.id)}
          >
            {x.label}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={panelId(active)} aria-labelledby={tabId(active)}>
        {children}
      </div>
    </>
  );
}
