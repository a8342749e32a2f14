/**
 * Dossier numbers in a hall (rules in shared/domain/dossier-code.ts).
 * The hub's `LeaseLedger` grants blocks of each day's sequence, each once,
 * ever; a workstation's `LeaseBook` holds its blocks and issues codes from
 * them without asking anyone, topping them up while the hub answers.
 */
import { z } from 'zod';
import { CodeLeaseSchema } from '../../../shared/contract';
import {
  DEFAULT_LEASE_POLICY,
  addDays,
  grantBlock,
  leaseRemaining,
  leaseRequests,
  nextLeasedSequence,
  type CodeLease,
  type LeasePolicy,
  type SequenceBlock,
} from '../../../shared/domain/dossier-code';
import type { Db } from '../db/database';
import type { SequenceSource } from '../dossier/dossier-service';
import { highestSequence, lastSequence } from '../dossier/dossier-store';
import { vnDay, vnIso } from '../dossier/vn-time';
import type { HubTransport } from './transport';
import { vnIsoMs } from '../../../shared/vn-time';
import { grantedBlocks, insertGrantedBlock, stationBlocks } from './hall-register-store';
import { insertLeasedBlock, leasedBlocks } from './replica-store';

const LeasesSchema = z.array(CodeLeaseSchema);

function dayLabel(day: string): string {
  return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}

/** The last sequence a station issued on a day (the dossier module's counter). */
const lastIssued = lastSequence;

export class LeaseLedger {
  constructor(
    private readonly db: Db,
    private readonly policy: LeasePolicy = DEFAULT_LEASE_POLICY,
    /** The hub's own desk keeps its fixed station block (as a single PC always had): never leased to others. */
    private readonly reserved: SequenceBlock | null = null,
  ) {}

  private granted(agencyCode: string, day: string): SequenceBlock[] {
    const leases = grantedBlocks(this.db, agencyCode, day);
    return this.reserved ? [...leases, this.reserved] : leases;
  }

  /** Numbers issued that day outside leases (fixed station blocks before the hall used leases), never granted again. */
  private floor(agencyCode: string, day: string): number {
    return highestSequence(this.db, agencyCode, day);
  }

  /** Grants what a station asks for, in one transaction; a day with no number left grants nothing. */
  grant(agencyCode: string, station: number, requests: readonly { day: string; size: number }[]): CodeLease[] {
    return this.db.transaction(() => {
      const out: CodeLease[] = [];
      for (const r of requests) {
        const block = grantBlock(this.granted(agencyCode, r.day), Math.min(r.size, 500), this.floor(agencyCode, r.day));
        if (!block) continue;
        insertGrantedBlock(this.db, agencyCode, r.day, station, block, vnIsoMs(Date.now()));
        out.push({ day: r.day, ...block });
      }
      return out;
    })();
  }

  /** The hub's own desk (station 0 of a hall) draws from the ledger directly, inside the receive transaction. */
  selfSource(station = 0): SequenceSource {
    return {
      next: (agencyCode, day, previous) => {
        const mine = () => stationBlocks(this.db, agencyCode, day, station);
        const seq = nextLeasedSequence(mine(), previous);
        if (seq !== null) return seq;
        this.grant(agencyCode, station, [{ day, size: this.policy.blockSize }]);
        return nextLeasedSequence(mine(), previous);
      },
      exhausted: (day) => `Đã cấp hết 9999 số hồ sơ của ngày ${dayLabel(day)}.`,
    };
  }
}

export class LeaseBook implements SequenceSource {
  constructor(
    private readonly db: Db,
    private readonly agencyCode: string,
    private readonly station: number,
    private readonly policy: LeasePolicy = DEFAULT_LEASE_POLICY,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private leases(agencyCode: string, day: string): SequenceBlock[] {
    return leasedBlocks(this.db, agencyCode, day);
  }

  next(agencyCode: string, day: string, previous: number | null): number | null {
    return nextLeasedSequence(this.leases(agencyCode, day), previous);
  }

  exhausted(day: string): string {
    return `Máy trạm đã dùng hết số hồ sơ được cấp cho ngày ${dayLabel(day)} và chưa xin thêm được từ máy chủ sảnh. Hãy kiểm tra mạng nội bộ, hoặc tiếp nhận ở quầy khác.`;
  }

  /** Numbers this PC may still issue on a day. */
  remaining(day: string): number {
    return leaseRemaining(this.leases(this.agencyCode, day), lastIssued(this.db, this.agencyCode, day, this.station));
  }

  /** Days ahead this PC can receive on without the hub (today included while numbers remain). */
  coveredDays(): number {
    const today = vnDay(vnIso(this.now()));
    let days = 0;
    while (days < 60 && this.remaining(addDays(today, days)) > 0) days += 1;
    return days;
  }

  store(leases: readonly CodeLease[]): void {
    this.db.transaction(() => {
      for (const l of leases) insertLeasedBlock(this.db, this.agencyCode, l.day, l);
    })();
  }

  /** Asks the hub for what the policy says is missing; answers how many blocks came. Throws when the hub is unreachable. */
  async refill(hub: HubTransport): Promise<number> {
    const today = vnDay(vnIso(this.now()));
    const requests = leaseRequests(today, (day) => this.remaining(day), this.policy);
    if (requests.length === 0) return 0;
    const leases = LeasesSchema.parse(
      await hub.call('replication.leases', { station: this.station, agencyCode: this.agencyCode, requests }),
    );
    this.store(leases);
    return leases.length;
  }
}
