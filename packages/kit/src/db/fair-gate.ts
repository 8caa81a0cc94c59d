import { requestAbandoned } from "./store-errors.js";

/**
 * Turns at a store, shared fairly between lanes (organisations). A store runs a few units of work
 * at once (PGlite one statement or transaction; a PostgreSQL pool its connections); when more
 * wait, the next turn goes to the lane that has waited longest for one, not to the oldest unit:
 * one organisation's hundred queued statements delay another's single statement by at most one
 * turn each, instead of all hundred. Within a lane, first come first served.
 */
export class FairGate {
  private running = 0;
  /** Lanes with waiting work, in turn order; each lane's own units first come first served. */
  private readonly lanes = new Map<string, Waiting[]>();

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError("a store runs at least one unit at a time");
  }

  /** Runs `work` on its lane's turn. A signal that fires while it waits drops it (REQUEST_ABORTED). */
  run<T>(lane: string, work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(requestAbandoned());
    if (this.running < this.capacity && this.lanes.size === 0) return this.start(work);
    return new Promise<T>((resolve, reject) => {
      const waiting: Waiting = {
        start: () => {
          if (signal) waitersOf(signal).delete(abandon);
          this.start(work).then(resolve, reject);
        },
      };
      const abandon = () => {
        const queue = this.lanes.get(lane);
        const at = queue?.indexOf(waiting) ?? -1;
        if (at < 0) return;
        queue!.splice(at, 1);
        if (queue!.length === 0) this.lanes.delete(lane);
        reject(requestAbandoned());
      };
      if (signal) waitersOf(signal).add(abandon);
      const queue = this.lanes.get(lane);
      if (queue) queue.push(waiting);
      else this.lanes.set(lane, [waiting]);
    });
  }

  /** Units waiting for a turn (tests, metrics). */
  get waiting(): number {
    let count = 0;
    for (const queue of this.lanes.values()) count += queue.length;
    return count;
  }

  private async start<T>(work: () => Promise<T>): Promise<T> {
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
      // The next turn after the event loop has read what arrived meanwhile: handed over at once
      // (promise to promise), a queue of statements would keep new requests from being read at
      // all until it drained, and their lanes from ever being seen.
      if (this.lanes.size > 0) setImmediate(() => this.next());
    }
  }

  private next(): void {
    while (this.running < this.capacity && this.lanes.size > 0) {
      // The lane first in the map has waited longest for a turn; after its turn it goes last.
      const [lane, queue] = this.lanes.entries().next().value as [string, Waiting[]];
      this.lanes.delete(lane);
      const unit = queue.shift()!;
      if (queue.length > 0) this.lanes.set(lane, queue);
      unit.start();
    }
  }
}

interface Waiting {
  start(): void;
}

/** One listener per request signal, however many of its statements wait (not one each). */
const waiters = new WeakMap<AbortSignal, Set<() => void>>();
function waitersOf(signal: AbortSignal): Set<() => void> {
  let set = waiters.get(signal);
  if (!set) {
    const created = new Set<() => void>();
    waiters.set(signal, (set = created));
    signal.addEventListener("abort", () => created.forEach((abandon) => abandon()), { once: true });
  }
  return set;
}
