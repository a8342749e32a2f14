import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { Device, DeviceRole } from '../../../shared/contract';
import { bridge } from '../../bridge';
import { ErrorNotice } from '../../components/Shell';
import { formatDateTime, useT } from '../../i18n';
import { FieldError } from '../../components/FieldError';
import { useRequired } from '../../components/required';

/** Pairing codes for new kiosks and displays, the list of paired devices, revocation. */
export function DevicesPanel() {
  const t = useT();
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [role, setRole] = useState<DeviceRole>('kiosk');
  const [name, setName] = useState('');
  const required = useRequired();
  const [code, setCode] = useState<{ code: string; expiresAt: string } | null>(null);

  const refresh = useCallback(() => {
    bridge
      .call('devices.list', {})
      .then((d) => {
        setDevices(d);
        setError(null);
      })
      .catch((e: Error) => setError(e.message));
  }, []);
  useEffect(refresh, [refresh]);
  useEffect(() => bridge.on('devices.changed', ({ devices: d }) => setDevices(d)), []);

  async function createCode(event: FormEvent) {
    event.preventDefault();
    if (!required.check([name])) return;
    try {
      setCode(await bridge.call('devices.createPairingCode', { role, name: name.trim() }));
      setName('');
      required.reset();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function revoke(device: Device) {
    if (!window.confirm(`${t('devices.revokeConfirm')} ${device.name}?`)) return;
    try {
      await bridge.call('devices.revoke', { id: device.id });
      refresh();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <>
      <section className="panel">
        <h2>{t('devices.pairTitle')}</h2>
        <p className="muted">{t('devices.pairHelp')}</p>
        <form className="inline-form" noValidate onSubmit={(e) => void createCode(e)}>
          <select value={role} onChange={(e) => setRole(e.target.value as DeviceRole)} aria-label={t('devices.role')}>
            <option value="kiosk">{t('role.kiosk')}</option>
            <option value="display">{t('role.display')}</option>
            <option value="counter-device">{t('role.counter-device')}</option>
          </select>
          <input
            placeholder={t('devices.name')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-required="true"
            maxLength={80}
          />
          <FieldError message={required.message(t('devices.name'), name)} />
          <button type="submit">{t('devices.createCode')}</button>
        </form>
        {code && (
          <p className="pairing-code" data-testid="pairing-code">
            <span className="big-code">{code.code}</span>
            <span className="muted">
              {t('devices.codeExpires')} {formatDateTime(code.expiresAt)}
            </span>
          </p>
        )}
      </section>
      <section className="panel">
        <h2>{t('devices.listTitle')}</h2>
        {error && <ErrorNotice message={error} onRetry={refresh} />}
        <table data-testid="devices-table">
          <thead>
            <tr>
              <th>{t('devices.name')}</th>
              <th>{t('devices.role')}</th>
              <th>{t('devices.pairedAt')}</th>
              <th>{t('devices.state')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {devices?.map((d) => (
              <tr key={d.id}>
                <td>{d.name}</td>
                <td>{t(`role.${d.role}`)}</td>
                <td>{formatDateTime(d.pairedAt)}</td>
                <td>{d.revokedAt ? t('devices.revoked') : d.connected ? t('devices.online') : t('devices.offline')}</td>
                <td>
                  {!d.revokedAt && (
                    <button type="button" onClick={() => void revoke(d)}>
                      {t('devices.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
