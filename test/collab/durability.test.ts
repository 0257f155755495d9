// What survives: acknowledged edits across an evicted object, compaction into snapshots, and presence that
// leaves with its socket.
import { abortAllDurableObjects, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { PostRoom } from '../../durable-objects/post-room';
import { awarenessMessage } from '../../durable-objects/post-room/protocol';
import { CHUNK_BYTES } from '../../durable-objects/post-room/storage';
import { createTestSite, type TestSite } from '../helpers';
import { createPost } from '../admin/support';
import { Peer, roomOf, roomUrl, storedText, until } from './peer';

let site: TestSite;
beforeAll(async () => {
  site = await createTestSite('room-durable');
});

async function room(markdown = 'Base') {
  const post = await createPost(site.host, site.users.editor.token, { title: 'Durable', markdown });
  const join = () => Peer.join(roomUrl(site.host, post.id, site.users.editor.token));
  return { post, join };
}

const rows = (siteId: string, postId: string) =>
  runInDurableObject(roomOf(siteId, postId), (_instance: PostRoom, state) => ({
    updates: state.storage.sql.exec<{ n: number }>('SELECT count(*) AS n FROM room_log').one().n,
    snapshot: state.storage.sql.exec<{ n: number }>('SELECT count(*) AS n FROM room_snapshot').one().n,
  }));

describe('an evicted room', () => {
  it('rebuilds the same document from storage, losing no acknowledged edit', async () => {
    const { join } = await room();
    const a = await join();
    await until(() => a.joined);
    for (const word of ['one ', 'two ', 'three ']) {
      const acked = a.acks.length;
      a.doc.getText('markdown').insert(0, word);
      a.doc.getMap('meta').set('title', word.trim());
      await until(() => a.acks.length >= acked + 2, `the acknowledgement of ${word}`);
    }
    const before = Y.encodeStateAsUpdate(a.doc);

    await abortAllDurableObjects();
    await until(() => a.closed !== undefined, 'the socket to drop with the object');

    const b = await join();
    await until(() => b.joined);
    expect(b.text).toBe('three two one Base');
    expect(b.doc.getMap('meta').get('title')).toBe('three');
    expect(Y.encodeStateAsUpdate(b.doc)).toEqual(before);
    b.close();
  });
});

describe('compaction', () => {
  it('is asked for by alarm once the log passes its byte threshold, and keeps the same document', async () => {
    const { post, join } = await room('');
    const a = await join();
    await until(() => a.joined);
    // Two updates larger than a row: each is stored in chunks, and together they pass the byte threshold. They go
    // into the metadata map, which (unlike the body's character limit) only the byte cap bounds.
    for (let i = 0; i < 2; i++) {
      a.doc.getMap('meta').set(`block${i}`, String(i).repeat(CHUNK_BYTES + 1000));
      await until(() => a.acks.length === i + 2);
    }
    const alarm = await runInDurableObject(roomOf(site.siteId, post.id), (_i, state) => state.storage.getAlarm());
    expect(alarm).not.toBeNull();
    expect((await rows(site.siteId, post.id)).updates).toBeGreaterThanOrEqual(5);

    // workerd may already have fired it; either way the log ends up folded into a snapshot.
    await runDurableObjectAlarm(roomOf(site.siteId, post.id));
    expect(await rows(site.siteId, post.id)).toEqual({ updates: 0, snapshot: 3 });
    expect(await storedText(site.siteId, post.id)).toBe(a.text);

    a.doc.getText('markdown').insert(0, 'after ');
    await until(() => a.acks.length === 4);
    expect(await rows(site.siteId, post.id)).toEqual({ updates: 1, snapshot: 3 });
    await abortAllDurableObjects();
    const b = await join();
    await until(() => b.joined);
    expect(Y.encodeStateAsUpdate(b.doc)).toEqual(Y.encodeStateAsUpdate(a.doc));
    b.close();
  });
});

describe('presence', () => {
  it('relays awareness, shows newcomers who is here, and removes only the closed socket’s clients', async () => {
    const { join } = await room();
    const a = await join();
    const b = await join();
    a.announce({ user: { name: 'A', color: '#f00' }, cursor: { anchor: 1, head: 2 } });
    b.announce({ user: { name: 'B', color: '#00f' } });
    await until(() => a.awareness.states.has(b.doc.clientID) && b.awareness.states.has(a.doc.clientID), 'presence');
    expect(b.awareness.states.get(a.doc.clientID)).toMatchObject({ user: { name: 'A' }, cursor: { anchor: 1 } });

    const c = await join();
    await until(() => c.awareness.states.has(a.doc.clientID) && c.awareness.states.has(b.doc.clientID), 'the roll');

    // A peer may not speak for another socket's client.
    const impostor = JSON.stringify({ user: { name: 'Impostor' } });
    c.send(awarenessMessage([{ clientId: a.doc.clientID, clock: 99, state: impostor }]));

    b.close();
    await until(() => !a.awareness.states.has(b.doc.clientID) && !c.awareness.states.has(b.doc.clientID), 'removal');
    expect(a.awareness.states.get(a.doc.clientID)).toBeDefined();
    expect(c.awareness.states.get(a.doc.clientID)).toMatchObject({ user: { name: 'A' } });
    a.close();
    c.close();
  });
});
