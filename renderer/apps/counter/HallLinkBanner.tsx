import { useEffect, useState } from 'react';
import type { HallLinkStatus } from '../../../shared/contract';
import { bridge } from '../../bridge';

/** At a workstation: the hub is unreachable, or this PC's clock is more than 2 minutes off the hub's. */
export function HallLinkBanner() {
  const [status, setStatus] = useState<HallLinkStatus | null>(null);
  useEffect(() => {
    bridge.call('hall.linkStatus', {}).then(setStatus, () => setStatus(null));
    return bridge.on('hall.linkChanged', setStatus);
  }, []);
  if (!status || status.role !== 'workstation' || !status.warning) return null;
  return (
    <p className="notice notice-error" role="alert" data-testid="hall-link-warning">
      {status.warning}
    </p>
  );
}
