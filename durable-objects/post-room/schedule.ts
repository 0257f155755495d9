// The room's deferred work and when it runs. A Durable Object has one alarm, so each kind of work keeps its own due
// time in room_meta and the alarm is set to the earliest; an alarm that fires more than once finds nothing due.
import type { RoomStorage } from './storage';

/** Compaction runs once the log holds this many updates or bytes. */
export const COMPACT_AFTER_UPDATES = 500;
export const COMPACT_AFTER_BYTES = 1024 * 1024;
/** Compaction waits this long, so a burst of edits is folded once, after it. */
export const COMPACT_DELAY_MS = 5_000;
/** The draft is written to D1 once nobody has typed for this long… */
export const FLUSH_IDLE_MS = 10_000;
/** …or at the latest this long after the first unsaved edit, so hours of continuous typing are saved too. */
export const FLUSH_MAX_DELAY_MS = 60_000;
/** A flush that failed (D1 unreachable, a concurrent save) is tried again after this long. */
export const FLUSH_RETRY_MS = 30_000;

export type AlarmTask = 'compact' | 'flush';
const ALARM_TASKS: readonly AlarmTask[] = ['compact', 'flush'];

const dueKey = (task: AlarmTask) => `due:${task}` as const;

export class RoomSchedule {
  constructor(
    private readonly store: RoomStorage,
    private readonly storage: DurableObjectStorage,
  ) {}

  /** Makes `task` due at `at` (or earlier, if it already was) and keeps the alarm at the earliest due task. */
  due(task: AlarmTask, at: number): void {
    const current = Number(this.store.getMeta(dueKey(task)) ?? Infinity);
    if (at >= current) return;
    this.store.setMeta(dueKey(task), String(at));
    void this.arm();
  }

  /** Whether `task` was due when the alarm fired; it no longer is. */
  take(task: AlarmTask): boolean {
    if (this.store.getMeta(dueKey(task)) === undefined) return false;
    this.store.deleteMeta(dueKey(task));
    return true;
  }

  /** Sets the alarm to the earliest due task. Computed and issued synchronously, so calls cannot interleave. */
  arm(): Promise<void> {
    const next = Math.min(...ALARM_TASKS.map((t) => Number(this.store.getMeta(dueKey(t)) ?? Infinity)));
    return next === Infinity ? this.storage.deleteAlarm() : this.storage.setAlarm(next);
  }
}
