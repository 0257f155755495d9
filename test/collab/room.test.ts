// The live room of a post: joining it, editing together, acknowledgements, and who may do what.
import { env, listDurableObjectIds, SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { api, createTestSite, signInAs, type TestSite } from '../helpers';
import { ADMIN, createPost, expectProblem } from '../admin/support';
import { encodeIdentity, IDENTITY_HEADER, type RoomIdentity } from '../../durable-objects/post-room/attachments';
import { Peer, roomOf, roomUrl, storedText, until } from './peer';
import { issueAccessToken, unverifiedClaims } from '../../workers/identity/tokens';

let site: TestSite;
let other: TestSite;
beforeAll(async () => {
  [site, other] = await Promise.all([createTestSite('room'), createTestSite('room-other')]);
});

const newPost = (title = 'Live', markdown = 'Hello') =>
  createPost(site.host, site.users.editor.token, { title, markdown });

describe('joining a room', () => {
  it('starts from the post in D1 and lets two editors converge', async () => {
    const post = await newPost('Seeded title', 'Seeded body');
    const a = await Peer.join(roomUrl(site.host, post.id, site.users.editor.token));
    const b = await Peer.join(roomUrl(site.host, post.id, site.users.admin.token));
    await until(() => a.text === 'Seeded body' && b.text === 'Seeded body', 'the seeded body');
    expect(a.doc.getMap('meta').get('title')).toBe('Seeded title');

    a.doc.getText('markdown').insert(0, 'A: ');
    b.doc.getText('markdown').insert(b.text.length, ' :B');
    await until(() => a.text === b.text && a.text.length === 'Seeded body'.length + 6, 'convergence');
    expect(a.text).toBe('A: Seeded body :B');
    expect(Y.encodeStateAsUpdate(a.doc)).toEqual(Y.encodeStateAsUpdate(b.doc));
    a.close();
    b.close();
  });

  it('admits an editor whose name is not ASCII (the identity travels safely in a header)', async () => {
    const post = await newPost('Unicode names', 'Body');
    await env.DB.prepare('UPDATE users SET name = ? WHERE id = ?')
      .bind('Zoë 東京 "quoted"', site.users.author.id)
      .run();
    try {
      const editor = await Peer.join(roomUrl(site.host, post.id, site.users.editor.token));
      const admin = await Peer.join(roomUrl(site.host, post.id, site.users.author.token));
      await until(() => admin.text === 'Body', 'the seeded body');
      expect(admin.closed).toBeUndefined();
      editor.close();
      admin.close();
    } finally {
      await env.DB.prepare('UPDATE users SET name = ? WHERE id = ?').bind('author', site.users.author.id).run();
    }
  });

  it('acknowledges an update only once it is in the room storage', async () => {
    const post = await newPost();
    const a = await Peer.join(roomUrl(site.host, post.id, site.users.editor.token));
    // The sync step 2 the peer answers the room's step 1 with is its first update frame, acknowledged as #1.
    await until(() => a.text === 'Hello' && a.joined);
    expect(a.acks).toEqual([1]);
    const before = 1;
    a.doc.getText('markdown').insert(5, ', world');
    await until(() => a.acks.length > 1, 'the acknowledgement');
    expect(a.acks).toEqual([before, before + 1]);
    expect(await storedText(site.siteId, post.id)).toBe('Hello, world');
    a.close();
  });

  it('lets a reader of the draft watch read-only: writes dropped, told once, presence allowed', async () => {
    const post = await createPost(site.host, site.users.author.token, { title: 'Mine', markdown: 'Draft' });
    const author = await Peer.join(roomUrl(site.host, post.id, site.users.author.token));
    // Another author may read the draft but not edit it.
    const reader = await Peer.join(roomUrl(site.host, post.id, site.users.author2.token));
    await until(() => reader.text === 'Draft');

    reader.doc.getText('markdown').insert(0, 'x');
    reader.doc.getText('markdown').insert(0, 'y');
    await until(() => reader.denied.length > 0, 'the permission-denied message');
    reader.announce({ user: { name: 'Reader' } });
    await until(() => author.awareness.states.has(reader.doc.clientID), 'the reader presence');

    author.doc.getText('markdown').insert(5, '!');
    await until(() => reader.text.includes('!'));
    expect(reader.denied).toHaveLength(1);
    expect(reader.denied[0]).toMatch(/not edit/);
    expect(author.text).toBe('Draft!');
    expect(await storedText(site.siteId, post.id)).toBe('Draft!');
    author.close();
    reader.close();
  });

  it("keeps a contributor's own post read-only to them once it is published", async () => {
    const post = await createPost(site.host, site.users.contributor.token, { title: 'Pitched', markdown: 'Mine' });
    const published = await api(site.host, 'PATCH', `${ADMIN}/posts/${post.id}`, {
      token: site.users.editor.token,
      body: { status: 'published' },
    });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const contributor = await Peer.join(roomUrl(site.host, post.id, site.users.contributor.token));
    await until(() => contributor.text === 'Mine');
    contributor.doc.getText('markdown').insert(0, 'x');
    await until(() => contributor.denied.length > 0, 'the permission-denied message');
    expect(await storedText(site.siteId, post.id)).toBe('Mine');
    contributor.close();
  });
});

describe('refused before the room is touched', () => {
  const touched = async (siteId: string, postId: string) => {
    const id = env.POST_ROOM.idFromName(`${siteId}:${postId}`).toString();
    return (await listDurableObjectIds(env.POST_ROOM)).some((d) => d.toString() === id);
  };
  const connect = (url: string, headers: Record<string, string> = { upgrade: 'websocket' }) =>
    SELF.fetch(url, { headers }).then(async (res) => ({
      status: res.status,
      headers: res.headers,
      body: res.headers.get('content-type')?.includes('json') ? await res.json() : {},
      webSocket: res.webSocket,
    }));

  it('answers no token, a bad token, another site token, and a post of another site with 401 or 404', async () => {
    const post = await newPost('Private');
    const foreign = await createPost(other.host, other.users.editor.token, { title: 'Elsewhere' });
    const cases = [
      [roomUrl(site.host, post.id), 401, 'UNAUTHORIZED'],
      [roomUrl(site.host, post.id, 'not.a.token'), 401, 'INVALID_TOKEN'],
      [roomUrl(site.host, post.id, other.users.owner.token), 401, 'INVALID_TOKEN'],
      [roomUrl(site.host, foreign.id, site.users.owner.token), 404, 'NOT_FOUND'],
      [roomUrl(site.host, post.id, site.users.owner.token, 'pages'), 404, 'NOT_FOUND'],
    ] as const;
    for (const [url, status, code] of cases) {
      const res = await connect(url);
      expectProblem(res as never, status, code);
      expect(res.webSocket).toBeNull();
    }
    // A token whose session has been signed out: its signature still holds, its session does not.
    const signedOut = await signInAs(site.host, site.users.editor.email);
    expect((await api(site.host, 'POST', `${ADMIN}/session/sign-out`, { token: signedOut })).status).toBe(204);
    expectProblem((await connect(roomUrl(site.host, post.id, signedOut))) as never, 401, 'INVALID_TOKEN');
    expect(await touched(site.siteId, post.id)).toBe(false);
    expect(await touched(site.siteId, foreign.id)).toBe(false);
    expect(await touched(other.siteId, foreign.id)).toBe(false);
  });

  it('reads the rows a token names only for its own site: forged and unknown-host connects are refused', async () => {
    const post = await newPost('Guarded');
    const owner = unverifiedClaims(site.users.owner.token)!;
    // The claims of this site's owner and a live session, but not signed with the site's key.
    const forged = (await issueAccessToken(site.siteId, 'not-the-site-key', owner.sub, owner.sid)).token;
    expectProblem((await connect(roomUrl(site.host, post.id, forged))) as never, 401, 'INVALID_TOKEN');
    // Another site's valid token naming this site's post, on that other site's host: the post is not there.
    expectProblem((await connect(roomUrl(other.host, post.id, other.users.owner.token))) as never, 404, 'NOT_FOUND');
    // An unknown host is a 404 before anything else, whatever the token and the request.
    for (const [url, headers] of [
      [roomUrl('nowhere.example', post.id, site.users.owner.token), { upgrade: 'websocket' }],
      [roomUrl('nowhere.example', post.id), { upgrade: 'websocket' }],
      [roomUrl('nowhere.example', post.id, 'not.a.token'), { upgrade: 'websocket' }],
      [roomUrl('nowhere.example', post.id, site.users.owner.token), {}],
    ] as const) {
      expectProblem((await connect(url, headers)) as never, 404, 'NOT_FOUND');
    }
    expect(await touched(site.siteId, post.id)).toBe(false);
    expect(await touched(other.siteId, post.id)).toBe(false);
  });

  it('refuses a contributor who may not read the post, and a request that is not a WebSocket', async () => {
    const post = await newPost('Editors only');
    expectProblem(
      (await connect(roomUrl(site.host, post.id, site.users.contributor.token))) as never,
      403,
      'FORBIDDEN',
    );
    const plain = await api(site.host, 'GET', `${ADMIN}/posts/${post.id}/room?token=${site.users.editor.token}`);
    expectProblem(plain, 426, 'UPGRADE_REQUIRED');
    expect(await touched(site.siteId, post.id)).toBe(false);
  });

  it('ignores identity headers a client sends itself', async () => {
    const post = await createPost(site.host, site.users.author.token, { title: 'Spoof', markdown: 'Mine' });
    const spoofed = JSON.stringify({
      siteId: site.siteId,
      postId: post.id,
      userId: 'x',
      name: 'x',
      role: 'owner',
      readOnly: false,
    });
    const res = await SELF.fetch(roomUrl(site.host, post.id, site.users.author2.token), {
      headers: { upgrade: 'websocket', 'x-lede-room-identity': spoofed },
    });
    res.webSocket!.accept();
    const reader = new Peer(res.webSocket!);
    reader.doc.getText('markdown').insert(0, 'spoof ');
    await until(() => reader.denied.length > 0, 'the permission-denied message');
    expect(await storedText(site.siteId, post.id)).toBe('Mine');
    reader.close();
  });
});

describe('the room itself', () => {
  it('refuses a request without the identity the Worker sets, or naming another post', async () => {
    const post = await newPost('Direct');
    const stub = roomOf(site.siteId, post.id);
    const bare = await stub.fetch('https://room/connect', { headers: { upgrade: 'websocket' } });
    expect(bare.status).toBe(400);
    const peer = await Peer.join(roomUrl(site.host, post.id, site.users.editor.token));
    await until(() => peer.joined);
    const identity = { siteId: site.siteId, postId: 'another', userId: 'u', name: 'n', role: 'owner', readOnly: false };
    const wrong = await stub.fetch('https://room/connect', {
      headers: { upgrade: 'websocket', [IDENTITY_HEADER]: encodeIdentity(identity as RoomIdentity) },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.webSocket).toBeNull();
    peer.close();
  });
});
