// Building events: a producer names the type, the aggregate and the payload; the envelope (id, time, actor,
// correlation and causation) comes from the trace of the request or alarm that caused the change. Every event is
// parsed against the catalog here, so an invalid event fails the producer's request before anything is written.
import type { EventRow, NewEventRow } from '../../d1/repositories/events';
import { DomainEvent, type EventActor, type EventOf, type EventType } from './catalog';

/** Where a change came from: who made it, under which request (correlation), because of which event (causation). */
export interface EventTrace {
  actor: EventActor;
  correlationId: string;
  causationId?: string | null;
}

export interface EventSpec<T extends EventType> {
  type: T;
  siteId: string;
  aggregate: EventOf<T>['aggregate'];
  payload: EventOf<T>['payload'];
  /** Overrides the trace's causation (an event caused by another event of the same change). */
  causationId?: string | null;
}

export function buildEvent<T extends EventType>(trace: EventTrace, spec: EventSpec<T>, now: Date): EventOf<T> {
  return DomainEvent.parse({
    id: crypto.randomUUID(),
    type: spec.type,
    version: 1,
    site_id: spec.siteId,
    aggregate: spec.aggregate,
    actor: trace.actor,
    occurred_at: now.toISOString(),
    correlation_id: trace.correlationId,
    causation_id: spec.causationId !== undefined ? spec.causationId : (trace.causationId ?? null),
    payload: spec.payload,
  }) as EventOf<T>;
}

/** The outbox row of an event. */
export function eventRow(event: DomainEvent): NewEventRow {
  return {
    id: event.id,
    siteId: event.site_id,
    type: event.type,
    version: event.version,
    aggregateType: event.aggregate.type,
    aggregateId: event.aggregate.id,
    aggregateVersion: event.aggregate.version,
    actorType: event.actor.type,
    actorId: event.actor.id,
    occurredAt: new Date(event.occurred_at),
    correlationId: event.correlation_id,
    causationId: event.causation_id,
    payload: event.payload as Record<string, unknown>,
  };
}

/** An event as stored: the catalog's shape, with the type and payload not yet checked against the catalog. */
export interface StoredEvent {
  id: string;
  type: string;
  version: number;
  site_id: string;
  aggregate: { type: string; id: string; version: number };
  actor: { type: 'user' | 'system'; id: string };
  occurred_at: string;
  correlation_id: string;
  causation_id: string | null;
  payload: Record<string, unknown>;
}

/** The event a stored row holds, as it goes on the Queue and out of the Admin API. */
export function rowEvent(row: EventRow | NewEventRow): StoredEvent {
  return {
    id: row.id,
    type: row.type,
    version: row.version,
    site_id: row.siteId,
    aggregate: { type: row.aggregateType, id: row.aggregateId, version: row.aggregateVersion },
    actor: { type: row.actorType, id: row.actorId },
    occurred_at: row.occurredAt.toISOString(),
    correlation_id: row.correlationId,
    causation_id: row.causationId ?? null,
    payload: row.payload,
  };
}

/** A truncated title that fits the catalog's bound. */
export const shortTitle = (title: string) => (title.length > 300 ? `${title.slice(0, 299)}…` : title);
