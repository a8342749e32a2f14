import { useState } from 'react';
import { useT } from '../../i18n';
import { SUPERVISOR_TABS } from './tabs';

export function SupervisorApp() {
  const t = useT();
  const [active, setActive] = useState(SUPERVISOR_TABS[0]?.id);
  const tab = SUPERVISOR_TABS.find((x) => x.id === active) ?? SUPERVISOR_TABS[0];

  return (
    <div className="supervisor">
      <nav className="tabs" role="tablist">
        {SUPERVISOR_TABS.map((x) => (
          <button key={x.id} type="button" role="tab" aria-selected={x.id === tab?.id} onClick={() => setActive(x.id)}>
            {t(x.label)}
          </button>
        ))}
      </nav>
      {tab && <tab.Component />}
    </div>
  );
}
