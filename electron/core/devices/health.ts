import type { DoctorCheck } from '../../../shared/contract';

/**
 * Anything that can say whether it works: devices, the database, the
 * provincial link. `doctor` (CLI and supervisor page) lists them all.
 */
export interface HealthSource {
  readonly id: string;
  check(): Promise<DoctorCheck> | DoctorCheck;
}

export async function runChecks(sources: readonly HealthSource[]): Promise<DoctorCheck[]> {
  return Promise.all(
    sources.map(async (source) => {
      try {
        return await source.check();
      } catch (error) {
        return {
          id: source.id,
          name: source.id,
          status: 'error' as const,
          detail: `Không kiểm tra được: ${(error as Error).message}`,
        };
      }
    }),
  );
}
