/**
 * Child process for the kill -9 receipt loop: receives dossiers through the router (as the hub does),
 * each with a request id, printing "sent <id>" before the call and "ok <id> <code>" after it. The ids
 * start at argv[3]; argv[4] lists ids to resend first (those not acknowledged before the last kill).
 */
import { createCore } from '../../electron/core/app';
import { defaultConfig } from '../../electron/core/config';
import { RECEPTION_PROCEDURE, SAMPLE_APPLICANT, SAMPLE_COMPONENTS } from './dossier-fixtures';

const [dataDir, startArg = '1', resendArg = ''] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: receipt-writer <dataDir> <firstId> <resend,ids>');
const core = createCore(defaultConfig({ dataDir, hub: { host: '127.0.0.1', port: 0 } }));
const caller = { role: 'officer' as const, userId: 'officer-1', name: 'Cán bộ tiếp nhận' };

async function send(requestId: string): Promise<void> {
  process.stdout.write(`sent ${requestId}\n`);
  const outcome = await core.router.call(
    'dossier.receive',
    { procedureCode: RECEPTION_PROCEDURE, applicant: SAMPLE_APPLICANT, components: SAMPLE_COMPONENTS, requestId },
    { caller },
  );
  if (!outcome.ok) throw new Error(outcome.error.message);
  process.stdout.write(`ok ${requestId} ${(outcome.result as { code: string }).code}\n`);
}

async function main(): Promise<void> {
  for (const id of resendArg.split(',').filter(Boolean)) await send(id);
  for (let n = Number(startArg); n < Number(startArg) + 1000; n++) await send(`nhap-${String(n).padStart(6, '0')}`);
}
void main();
