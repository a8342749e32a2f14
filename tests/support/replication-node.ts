/**
 * One PC of a test hall as its own process (`node --import tsx`): a hub or a
 * workstation core serving HTTP, configured by environment:
 * MOTCUA_HALL_ROLE (hub|workstation), MOTCUA_DATA, MOTCUA_PORT, MOTCUA_STATION,
 * MOTCUA_HUB_URL + MOTCUA_HUB_TOKEN (workstation), MOTCUA_PROVINCIAL_URL (hub),
 * MOTCUA_DEVICE_TOKENS=N (hub: print N counter-device credentials on first start).
 * Prints `READY <url>`, `OFFICER <token>` and `TOKEN <credential>` lines.
 */
import { createCore } from '../../electron/core/app';
import { defaultConfig } from '../../electron/core/config';
import { startHub } from '../../electron/core/hub/hub-server';
import { FAST_WORKSTATION } from './replication-options';

const env = process.env;
const role = env.MOTCUA_HALL_ROLE === 'hub' ? 'hub' : 'workstation';
const core = createCore(
  defaultConfig({
    dataDir: env.MOTCUA_DATA!,
    hub: { host: '127.0.0.1', port: Number(env.MOTCUA_PORT ?? 0) },
    station: Number(env.MOTCUA_STATION ?? 0),
    replication:
      role === 'hub'
        ? { role: 'hub' }
        : {
            role: 'workstation',
            hubUrl: env.MOTCUA_HUB_URL!,
            token: env.MOTCUA_HUB_TOKEN!,
            options: { ...FAST_WORKSTATION, engine: { ...FAST_WORKSTATION.engine, chunkSize: 64 * 1024 } },
          },
    ...(role === 'hub' && env.MOTCUA_PROVINCIAL_URL
      ? {
          provincial: {
            url: env.MOTCUA_PROVINCIAL_URL,
            // The emulator process runs in its own protocol's mode; the default profile is the portal's (dvcqg).
            profile: 'motcua',
            username: 'quay1',
            password: 'matkhau1',
            autoStart: true,
            engine: {
              backoffBaseMs: 20,
              backoffMaxMs: 300,
              breakerCooldownMs: 100,
              concurrency: 4,
              pullIntervalMs: 60_000,
              idlePollMs: 50,
            },
          },
        }
      : {}),
  }),
);
const hub = await startHub(core);
for (let i = 0; i < Number(env.MOTCUA_DEVICE_TOKENS ?? 0); i++) {
  console.log(`TOKEN ${core.devices.pairDirect('counter-device', `Máy trạm ${i + 1}`, 'system').credential}`);
}
const username = `canbo${Date.now()}`;
const { oneTimePassword } = await core.accounts.save(
  { username, displayName: `Cán bộ quầy ${env.MOTCUA_STATION ?? 0}`, role: 'admin' },
  { role: 'admin', name: 'test set-up' },
);
const first = await core.accounts.login(username, oneTimePassword!, { role: 'anonymous' });
await core.accounts.changePassword(core.auth.callerFor(first.token)!, oneTimePassword!, `${oneTimePassword}-own`);
console.log(`OFFICER ${first.token}`);
console.log(`READY ${hub.url}`);
process.on('SIGTERM', () => {
  void hub
    .close()
    .then(() => core.close())
    .then(() => process.exit(0));
});
