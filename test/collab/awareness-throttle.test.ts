// Cursor throttling: each socket's awareness is relayed at most once per window, coalesced, and the latest state is
// always delivered; first states and removals are never held back. The unit tests drive a fake clock; the room test
// counts frames, never durations.
import { beforeAll, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { AwarenessThrottle, type Clock } from '../../durable-objects/post-room/awareness-throttle';
import type { AwarenessEntry } from '../../durable-objects/post-room/protocol';
import { createPost } from '../admin/support';
import { createTestSite, type TestSite } from '../helpers';
import { frame, Peer, roomUrl, until } from './peer';

/** A clock that moves only when told to, with the timers it was given. */
function fakeClock() {
  let now = 1_000;
  const timers: { at: number; run: () => void }[] = [];
  const clock: Clock = {
    now: () => now,
    setTimeout: (run, ms) => timers.push({ at: now + ms, run }),
  };
  const advance = (ms: number) => {
    now += ms;
    for (;;) {
      const due = timers.filter((t) => t.at <= now).sort((x, y) => x.at - y.at)[0];
      if (!due) return;
      timers.splice(timers.indexOf(due), 1);
      due.run();
    }
  };
  return { clock, advance, timers };
}

const entry = (clientId: number, clock: number, state: unknown): AwarenessEntry => ({
  clientId,
  clock,
  state: JSON.stringify(state),
});

function setup() {
  const time = fakeClock();
  const sent: { from: object; entries: AwarenessEntry[] }[] = [];
  const throttle = new AwarenessThrottle<object>((from, entries) => sent.push({ from, entries }), 50, time.clock);
  return { ...time, sent, throttle };
}

describe('the awareness throttle', () => {
  it('relays the first frame at once, coalesces the rest of the window, and sends the latest at its end', () => {
    const { throttle, sent, advance, timers } = setup();
    const socket = {};
    throttle.offer(socket, [entry(1, 1, { cursor: 0 })], false);
    expect(sent).toHaveLength(1);
    for (let i = 2; i <= 20; i++) {
      advance(2);
      throttle.offer(socket, [entry(1, i, { cursor: i })], false);
    }
    // 38 ms in: still inside the window, nothing more went out, one timer is armed.
    expect(sent).toHaveLength(1);
    expect(timers).toHaveLength(1);
    advance(12);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.entries).toEqual([entry(1, 20, { cursor: 20 })]);
    // Nothing waits, so nothing more is sent and no timer is left.
    advance(500);
    expect(sent).toHaveLength(2);
    expect(timers).toHaveLength(0);
  });

  it('keeps the latest state of each client and never goes back to an older clock', () => {
    const { throttle, sent, advance } = setup();
    const socket = {};
    throttle.offer(socket, [entry(1, 1, 'a')], false);
    throttle.offer(socket, [entry(1, 3, 'c'), entry(2, 1, 'x')], false);
    throttle.offer(socket, [entry(1, 2, 'b')], false);
    advance(50);
    expect(sent.map((s) => s.entries)).toEqual([[entry(1, 1, 'a')], [entry(1, 3, 'c'), entry(2, 1, 'x')]]);
  });

  it('sends urgent frames (first states, removals) at once, with whatever was waiting', () => {
    const { throttle, sent, advance, timers } = setup();
    const socket = {};
    throttle.offer(socket, [entry(1, 1, 'here')], true);
    throttle.offer(socket, [entry(1, 2, 'moved')], false);
    expect(sent).toHaveLength(1);
    throttle.offer(socket, [{ clientId: 1, clock: 3, state: 'null' }], true);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.entries).toEqual([{ clientId: 1, clock: 3, state: 'null' }]);
    // The armed timer finds nothing waiting.
    advance(50);
    expect(sent).toHaveLength(2);
    expect(timers).toHaveLength(0);
  });

  it('holds what arrives after an urgent send for a full window from that send', () => {
    const { throttle, sent, advance } = setup();
    const socket = {};
    throttle.offer(socket, [entry(1, 1, 'a')], false); // t=1000, sent
    advance(10);
    throttle.offer(socket, [entry(1, 2, 'b')], false); // waits; a timer for t=1050
    advance(20);
    throttle.offer(socket, [entry(2, 1, 'new')], true); // t=1030, sent with b
    throttle.offer(socket, [entry(1, 3, 'c')], false); // must wait until t=1080
    advance(20); // t=1050: the old timer fires, and re-arms instead of sending early
    expect(sent).toHaveLength(2);
    advance(30); // t=1080
    expect(sent).toHaveLength(3);
    expect(sent[2]!.entries).toEqual([entry(1, 3, 'c')]);
  });

  it('throttles each socket on its own, and forgets a closed socket’s waiting states', () => {
    const { throttle, sent, advance } = setup();
    const one = {};
    const two = {};
    throttle.offer(one, [entry(1, 1, 'a')], false);
    throttle.offer(two, [entry(2, 1, 'b')], false);
    expect(sent.map((s) => s.from)).toEqual([one, two]);
    throttle.offer(one, [entry(1, 2, 'a2')], false);
    throttle.offer(two, [entry(2, 2, 'b2')], false);
    throttle.drop(one);
    advance(50);
    expect(sent.map((s) => s.entries)).toEqual([[entry(1, 1, 'a')], [entry(2, 1, 'b')], [entry(2, 2, 'b2')]]);
  });
});

let site: TestSite;
beforeAll(async () => {
  site = await createTestSite('room-presence');
});

describe('a room relaying cursors', () => {
  it('coalesces a burst of cursor moves and delivers the latest one', async () => {
    const post = await createPost(site.host, site.users.editor.token, { title: 'Cursors', markdown: 'Text' });
    const url = roomUrl(site.host, post.id, site.users.editor.token);
    const a = await Peer.join(url);
    const b = await Peer.join(url);
    await until(() => a.joined && b.joined);
    let frames = 0;
    b.ws.addEventListener('message', (event) => {
      if (new Uint8Array(event.data as ArrayBuffer)[0] === 1) frames++;
    });

    a.announce({ user: { name: 'A' }, cursor: 0 });
    await until(() => b.awareness.states.get(a.doc.clientID)?.cursor === 0, 'the first state');
    expect(frames).toBe(1);

    // A burst of moves, sent back to back as a fast typist's editor would.
    const moves = 40;
    for (let i = 1; i <= moves; i++) a.announce({ user: { name: 'A' }, cursor: i });
    await until(() => b.awareness.states.get(a.doc.clientID)?.cursor === moves, 'the latest cursor');
    expect(frames).toBeGreaterThan(1);
    expect(frames).toBeLessThan(1 + moves);

    // Leaving is never held back, even right after a move.
    a.announce({ user: { name: 'A' }, cursor: 0 });
    a.awareness.setLocalState(null);
    const update = awarenessProtocol.encodeAwarenessUpdate(a.awareness, [a.doc.clientID]);
    a.send(frame((e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, update))));
    await until(() => !b.awareness.states.has(a.doc.clientID), 'the removal');
    a.close();
    b.close();
  });
});
