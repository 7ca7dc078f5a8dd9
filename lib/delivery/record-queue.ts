/** What to throw away when the queue is full. */
export type QueueFullPolicy = 'drop-oldest' | 'drop-newest';

/**
 * A FIFO of encoded records bounded by count and by bytes.
 * Array plus head index: shift is O(1) and the array is compacted only when most of it is consumed.
 */
export class RecordQueue {
  private items: Buffer[] = [];
  private head = 0;
  private byteCount = 0;

  constructor(
    readonly maxRecords: number,
    readonly maxBytes: number,
    readonly policy: QueueFullPolicy,
  ) {}

  get length(): number {
    return this.items.length - this.head;
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
      this.shift();
      dropped++;
    }
    this.append(record);
    return dropped;
  }

  /** Whether pushing `record` now would drop a record. */
  isFullFor(record: Buffer): boolean {
    return this.length + 1 > this.maxRecords || this.byteCount + record.length > this.maxBytes;
  }

  /** Up to `max` records from the front, without removing them. */
  peek(max: number): Buffer[] {
    return this.items.slice(this.head, this.head + Math.min(max, this.length));
  }

  /** Removes `count` records from the front. */
  discard(count: number): void {
    for (let i = 0; i < count; i++) this.shift();
  }

  /** Removes everything; returns how many records there were. */
  clear(): number {
    const n = this.length;
    this.items = [];
    this.head = 0;
    this.byteCount = 0;
    return n;
  }

  private append(record: Buffer): void {
    this.items.push(record);
    this.byteCount += record.length;
  }

  private shift(): void {
    const record = this.items[this.head];
    this.items[this.head] = undefined as unknown as Buffer; // let the buffer be collected now
    this.head++;
    this.byteCount -= record.length;
    if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
