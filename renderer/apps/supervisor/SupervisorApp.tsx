import { useState } from 'react';
import { Tabs } from '../../components/Tabs';
import { useT } from '../../i18n';
import { SUPERVISOR_TABS } from './tabs';

export function SupervisorApp() {
  const t = useT();
  const [active, setActive] = useState(SUPERVISOR_TABS[0]?.id);
  const tab = SUPERVISOR_TABS.find((x) => x.id === active) ?? SUPERVISOR_TABS[0];

  return (
    <div className="supervisor">
      {tab && (
        <Tabs
          label={t('a11y.supervisorTabs')}
          items={SUPERVISOR_TABS.map((x) => ({ id: x.id, label: t(x.label) }))}
          active={tab.id}
          onChange={setActive}
        >
          <tab.Component />
        </Tabs>
      )}
    </div>
  );
}
