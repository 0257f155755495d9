// The Durable Object class of a post's room, as the Worker exports it. The room itself (./room.ts, with Yjs and the
// Markdown renderer its flush uses) is imported by the object's first event, not when an isolate starts, so an
// isolate that only serves readers never evaluates the editor's code. Every handler and method hands over to it.
import { DurableObject } from 'cloudflare:workers';
import type { VersionRow } from '../../d1/repositories/versions';
import type { RoomContent, SaveRequest, SaveResult } from './edits';
import type { RoomPost } from './history';
import type { Room } from './room';

export class PostRoom extends DurableObject<Env> {
  #room?: Promise<Room>;

  /** The room behind an instance; tests reach it through runInDurableObject. */
  static roomOf(instance: PostRoom): Promise<Room> {
    return instance.#load();
  }

  #load(): Promise<Room> {
    this.#room ??= import('./room')
      .then(({ Room }) => new Room(this.ctx, this.env))
      .catch((error: unknown) => {
        // A room that failed to open (its storage unreadable) is tried afresh by the next event, not failed forever.
        this.#room = undefined;
        throw error;
      });
    return this.#room;
  }

  override async fetch(request: Request): Promise<Response> {
    return (await this.#load()).fetch(request);
  }

  override async webSocketMessage(ws: WebSocket, message: ArrayBuffer | string): Promise<void> {
    return (await this.#load()).webSocketMessage(ws, message);
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    return (await this.#load()).webSocketClose(ws, code, reason);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    return (await this.#load()).webSocketError(ws);
  }

  override async alarm(): Promise<void> {
    return (await this.#load()).alarm();
  }

  async flush(): Promise<void> {
    return (await this.#load()).flush();
  }

  async draft(siteId: string, postId: string): Promise<RoomContent | null> {
    return (await this.#load()).draft(siteId, postId);
  }

  async save(request: SaveRequest): Promise<SaveResult> {
    return (await this.#load()).save(request);
  }

  async discard(siteId: string, postId: string): Promise<void> {
    return (await this.#load()).discard(siteId, postId);
  }

  async saveVersion(post: RoomPost, name: string, createdBy: string): Promise<VersionRow | null> {
    return (await this.#load()).saveVersion(post, name, createdBy);
  }

  async saveAutomaticVersion(now?: number): Promise<VersionRow | null> {
    return (await this.#load()).saveAutomaticVersion(now);
  }

  async restoreVersion(post: RoomPost, snapshot: Uint8Array, userId: string): Promise<SaveResult> {
    return (await this.#load()).restoreVersion(post, snapshot, userId);
  }
}
