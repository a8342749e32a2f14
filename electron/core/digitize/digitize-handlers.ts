import type { Handlers } from '../contract/router';
import type { DigitizeService } from './digitize-service';

export function digitizeHandlers(
  d: DigitizeService,
): Pick<
  Handlers,
  | 'digitize.devices'
  | 'digitize.profile'
  | 'digitize.saveProfile'
  | 'digitize.createBatch'
  | 'digitize.batches'
  | 'digitize.batch'
  | 'digitize.scan'
  | 'digitize.cancelScan'
  | 'digitize.import'
  | 'digitize.editPages'
  | 'digitize.split'
  | 'digitize.build'
> {
  return {
    'digitize.devices': () => d.devices(),
    'digitize.profile': ({ counterId }) => d.profile(counterId),
    'digitize.saveProfile': ({ counterId, profile }) => d.saveProfile(counterId, profile),
    'digitize.createBatch': ({ name }) => d.createBatch(name),
    'digitize.batches': ({ limit }) => d.batches(limit),
    'digitize.batch': ({ batchId }) => d.batch(batchId),
    'digitize.scan': ({ batchId, deviceId, profile }) => ({ jobId: d.scan(batchId, deviceId, profile).jobId }),
    'digitize.cancelScan': ({ jobId }) => {
      d.cancel(jobId);
      return null;
    },
    'digitize.import': ({ batchId, name, base64, password }) => d.importInto(batchId, Buffer.from(base64, 'base64'), name, password),
    'digitize.editPages': ({ batchId, pageIds, rotations }) => d.editPages(batchId, pageIds, rotations),
    'digitize.split': ({ batchId, startPageIds }) => d.split(batchId, startPageIds),
    'digitize.build': (input) => d.build(input),
  };
}
