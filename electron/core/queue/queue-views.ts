/** What the queue's screens are shown: tickets, calls and the hall's state, from stored rows. */
import type { Call, Counter, QueueState, Service, Ticket } from '../../../shared/contract';
import type { CallRow, TicketRow } from './queue-store';

export function toTicket(row: TicketRow, services: Service[]): Ticket {
  return {
    id: row.id,
    number: row.number,
    seq: row.seq,
    day: row.day,
    serviceId: row.service_id,
    serviceName: services.find((s) => s.id === row.service_id)?.name ?? row.service_id,
    priorityGroup: row.priority_group,
    status: row.status,
    counterId: row.counter_id,
    targetCounterId: row.target_counter_id,
    issuedAt: row.issued_at,
    calledAt: row.called_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    citizenName: row.citizen_name,
    dossierCode: row.dossier_code,
    rating: row.rating,
  };
}

export function toCall(row: TicketRow, counter: Counter, services: Service[], callId: string, at: string, recall: boolean): Call {
  return {
    callId,
    ticketId: row.id,
    number: row.number,
    serviceName: services.find((s) => s.id === row.service_id)?.name ?? row.service_id,
    counterId: counter.id,
    counterNumber: counter.number,
    counterName: counter.name,
    at,
    recall,
  };
}

/** The recent calls of counters that still exist. */
export function toRecentCalls(rows: CallRow[], counters: Counter[], services: Service[]): Call[] {
  return rows.flatMap((r) => {
    const counter = counters.find((c) => c.id === r.call_counter);
    return counter ? [toCall(r, counter, services, String(r.event_id), r.at, r.type === 'recalled')] : [];
  });
}

export interface StateInputs {
  day: string;
  open: boolean;
  services: Service[];
  counters: Counter[];
  waitingByService: Map<string, number>;
  parkedByCounter: Map<string, number>;
  /** Called or serving, oldest call first. */
  active: TicketRow[];
  recentCalls: Call[];
  printer: QueueState['printer'];
}

/** The hall's queue as every screen sees it: active services and counters with what each is serving. */
export function toQueueState(s: StateInputs): QueueState {
  return {
    day: s.day,
    open: s.open,
    services: s.services
      .filter((service) => service.active)
      .map((service) => ({ id: service.id, name: service.name, prefix: service.prefix, waiting: s.waitingByService.get(service.id) ?? 0 })),
    counters: s.counters
      .filter((c) => c.active)
      .map((c) => {
        const current = s.active.filter((t) => t.counter_id === c.id).pop();
        return {
          id: c.id,
          name: c.name,
          number: c.number,
          serviceIds: c.serviceIds,
          current: current ? toTicket(current, s.services) : null,
          parked: s.parkedByCounter.get(c.id) ?? 0,
        };
      }),
    waitingTotal: [...s.waitingByService.values()].reduce((a, b) => a + b, 0),
    recentCalls: s.recentCalls,
    printer: s.printer,
  };
}
