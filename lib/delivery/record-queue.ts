/** What to throw away when the queue is full. */
export type QueueFullPolicy = 'drop-oldest' | 'drop-newest';

/** Records are copied into chunks of this size (a larger record gets a chunk of its own). */
const SLAB_BYTES = 64 * 1024;
const INITIAL_CAPACITY = 1024;

interface Slab {
  bytes: Buffer;
  /** Queued records it still holds. */
  records: number;
  /** Views of it were handed out by peek(). */
  lent: boolean;
}

/**
 * A FIFO of encoded records bounded by count and by bytes.
 *
 * Each record is copied into append-only slabs and remembered by its length alone (4 bytes), so a
 * long backlog costs its bytes: kept as they come, each record would also hold a Buffer object
 * and a share of node's 8 KiB allocation pool, about twice its size in RSS (measured by
 * `npm run bench -- --only memory`). A slab whose records were handed out is never written again,
 * so a view a socket sends later (UDP) stays intact. A slab emptied without handing anything out
 * (records dropped during an outage) is reused: old slabs left to the garbage collector cost
 * about 20 MiB more at the peak.
 */
export class RecordQueue {
  /** Ring of record lengths, oldest at `first`; its capacity is a power of two. */
  private lengths = new Int32Array(INITIAL_CAPACITY);
  private first = 0;
  private count = 0;
  private byteCount = 0;
  /** Slabs in use, from `slabHead` on. */
  private slabs: Slab[] = [];
  private slabHead = 0;
  /** An emptied slab that was never lent, for the next slab needed. */
  private spare: Slab | undefined;
  /** Where the oldest record starts in slabs[slabHead]. */
  private headOffset = 0;
  /** Bytes written into the newest slab. */
  private tailUsed = 0;

  constructor(
    readonly maxRecords: number,
    readonly maxBytes: number,
    readonly policy: QueueFullPolicy,
  ) {}

  get length(): number {
    return this.count;
  }

  get bytes(): number {
    return this.byteCount;
  }

  /** Adds a record; returns how many records were dropped to respect the bounds (0 when none). */
  push(record: Buffer): number {
    if (this.policy === 'drop-newest') {
      if (this.isFullFor(record)) return 1;
      this.append(record);
      return 0;
    }
    if (record.length > this.maxBytes) return 1;
    let dropped = 0;
    while (this.isFullFor(record)) {
      this.discard(1);
      dropped++;
    }
    this.append(record);
    return dropped;
  }

  /** Whether pushing `record` now would drop a record. */
  isFullFor(record: Buffer): boolean {
    return this.count + 1 > this.maxRecords || this.byteCount + record.length > this.maxBytes;
  }

  /** Up to `max` records from the front, without removing them: views into the slabs. */
  peek(max: number): Buffer[] {
    const n = Math.min(max, this.count);
    const out = new Array<Buffer>(n);
    const mask = this.lengths.length - 1;
    let index = this.slabHead;
    let slab = this.slabs[index];
    let left = slab?.records;
    let offset = this.headOffset;
    for (let k = 0; k < n; k++) {
      while (left === 0) {
        slab = this.slabs[++index];
        left = slab.records;
        offset = 0;
      }
      slab.lent = true;
      const length = this.lengths[(this.first + k) & mask];
      out[k] = slab.bytes.subarray(offset, offset + length);
      offset += length;
      left--;
    }
    return out;
  }

  /** Removes `count` records from the front. */
  discard(count: number): void {
    const mask = this.lengths.length - 1;
    for (let k = Math.min(count, this.count); k > 0; k--) {
      const length = this.lengths[this.first];
      this.first = (this.first + 1) & mask;
      this.count--;
      this.byteCount -= length;
      this.headOffset += length;
      // The newest slab stays while empty: later records go after the bytes already handed out.
      if (--this.slabs[this.slabHead].records === 0 && this.slabHead < this.slabs.length - 1) this.releaseHeadSlab();
    }
  }

  /** Removes everything; returns how many records there were. */
  clear(): number {
    const n = this.count;
    this.first = 0;
    this.count = 0;
    this.byteCount = 0;
    this.slabs = [];
    this.slabHead = 0;
    this.spare = undefined;
    this.headOffset = 0;
    this.tailUsed = 0;
    return n;
  }

  private append(record: Buffer): void {
    let tail = this.slabs[this.slabs.length - 1];
    if (this.slabs.length === this.slabHead || this.tailUsed + record.length > tail.bytes.length) {
      if (tail?.records === 0) this.releaseHeadSlab(); // the only slab, and empty
      tail = this.newSlab(record.length);
      this.slabs.push(tail);
      this.tailUsed = 0;
    }
    record.copy(tail.bytes, this.tailUsed);
    this.tailUsed += record.length;
    tail.records++;
    if (this.count === this.lengths.length) this.growRing();
    this.lengths[(this.first + this.count) & (this.lengths.length - 1)] = record.length;
    this.count++;
    this.byteCount += record.length;
  }

  private newSlab(recordLength: number): Slab {
    const spare = this.spare;
    this.spare = undefined;
    if (spare && recordLength <= spare.bytes.length) return spare;
    return { bytes: Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, recordLength)), records: 0, lent: false };
  }

  private releaseHeadSlab(): void {
    const slab = this.slabs[this.slabHead];
    this.slabs[this.slabHead] = undefined as unknown as Slab; // let it be collected now
    if (!slab.lent && slab.bytes.length === SLAB_BYTES) this.spare = slab;
    this.slabHead++;
    this.headOffset = 0;
    if (this.slabHead >= 64 && this.slabHead * 2 >= this.slabs.length) {
      this.slabs = this.slabs.slice(this.slabHead);
      this.slabHead = 0;
    }
  }

  /** Doubles the ring, oldest record first. It never shrinks: 4 bytes per record of the longest backlog. */
  private growRing(): void {
    const grown = new Int32Array(this.lengths.length * 2);
    const head = this.lengths.subarray(this.first);
    grown.set(head);
    grown.set(this.lengths.subarray(0, this.first), head.length);
    this.lengths = grown;
    this.first = 0;
  }
}
