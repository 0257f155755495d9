// The domain events of the media library: a file arrived, its image facts were read, it was deleted.
import type { NewEventRow } from '../../d1/repositories/events';
import type { MediaRow } from '../../d1/repositories/media';
import { buildEvent, eventRow, type EventTrace } from '../../queues/events/build';
import type { Actor } from '../app';
import type { MediaDeps } from './library';

export const mediaTrace = (deps: Pick<MediaDeps, 'outbox'>, actor: Pick<Actor, 'userId'>): EventTrace => ({
  actor: { type: 'user', id: actor.userId },
  correlationId: deps.outbox.correlationId,
});

type MediaFacts = Pick<MediaRow, 'id' | 'siteId' | 'kind' | 'contentType' | 'size' | 'name'>;

export function uploadedRows(trace: EventTrace, row: MediaFacts, now: Date): NewEventRow[] {
  const payload = { kind: row.kind, content_type: row.contentType, size: row.size, name: row.name.slice(0, 300) };
  const aggregate = { type: 'media' as const, id: row.id, version: 1 };
  return [eventRow(buildEvent(trace, { type: 'media.uploaded', siteId: row.siteId, aggregate, payload }, now))];
}

export function processedRows(
  trace: EventTrace,
  row: Pick<MediaRow, 'id' | 'siteId'>,
  facts: { width: number | null; height: number | null; format: string | null },
  now: Date,
): NewEventRow[] {
  const aggregate = { type: 'media' as const, id: row.id, version: 2 };
  const payload = { width: facts.width, height: facts.height, format: facts.format };
  return [eventRow(buildEvent(trace, { type: 'media.processed', siteId: row.siteId, aggregate, payload }, now))];
}

export function deletedRows(
  trace: EventTrace,
  row: Pick<MediaRow, 'id' | 'siteId' | 'kind'>,
  now: Date,
): NewEventRow[] {
  const aggregate = { type: 'media' as const, id: row.id, version: 3 };
  const payload = { kind: row.kind };
  return [eventRow(buildEvent(trace, { type: 'media.deleted', siteId: row.siteId, aggregate, payload }, now))];
}
