/**
 * A fixed set of workers handed out one job at a time: `acquire` gives an idle member or waits
 * in line (first come, first served) until one is released. Members are built on first use, so a
 * pool of four that only ever trains one model starts one worker.
 */

/** Workers for this machine: one core left to the page, at most four (each holds a model). */
export function defaultPoolSize(cores = globalThis.navigator?.hardwareConcurrency ?? 1): number {
  return Math.min(4, Math.max(1, cores - 1));
}

export class WorkerPool<M> {
  private readonly members: (M | undefined)[];
  private readonly busy = new Set<number>();
  private readonly waiting: { take(index: number): void; reject(e: Error): void }[] = [];

  constructor(
    size: number,
    private readonly create: (index: number) => M,
  ) {
    if (!(size >= 1)) throw new Error(`A worker pool needs at least one worker (got ${size}).`);
    this.members = new Array<M | undefined>(size).fill(undefined);
  }

  /** How many members the pool may have. */
  get size(): number {
    return this.members.length;
  }

  /**
   * Makes room for `size` members (never fewer than now), built on first use as the others: a
   * tuning study that trains more trials at once than the default pool allows. Jobs waiting in
   * line take the new places at once.
   */
  grow(size: number): void {
    while (this.members.length < size) {
      this.members.push(undefined);
      const next = this.waiting.shift();
      if (next) {
        const index = this.members.length - 1;
        this.busy.add(index);
        next.take(index);
      }
    }
  }

  /** The member at `index`, built if it does not exist yet. */
  member(index: number): M {
    return (this.members[index] ??= this.create(index));
  }

  /** Members built so far, with their index. */
  built(): { index: number; member: M }[] {
    return this.members.flatMap((member, index) => (member ? [{ index, member }] : []));
  }

  isBusy(index: number): boolean {
    return this.busy.has(index);
  }

  /** An idle member for one job (prefers one already built); waits when all are busy. */
  acquire(): Promise<number> {
    const idle = this.idleIndex();
    if (idle !== undefined) {
      this.busy.add(idle);
      return Promise.resolve(idle);
    }
    return new Promise((take, reject) => this.waiting.push({ take, reject }));
  }

  /** Gives a member back: the first in line gets it, or it becomes idle. */
  release(index: number): void {
    const next = this.waiting.shift();
    if (next) next.take(index);
    else this.busy.delete(index);
  }

  /** Fails everyone waiting in line (the pool is being reset). */
  rejectWaiting(error: Error): void {
    for (const w of this.waiting.splice(0)) w.reject(error);
  }

  private idleIndex(): number | undefined {
    let unbuilt: number | undefined;
    for (let i = 0; i < this.size; i++) {
      if (this.busy.has(i)) continue;
      if (this.members[i]) return i;
      unbuilt ??= i;
    }
    return unbuilt;
  }
}
