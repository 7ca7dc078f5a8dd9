import type { ByteWriter } from '../format/byte-writer';
import { frameLength, writeFrameHead } from '../senders/octet-framing';

/** What to throw away when the queue is full. */
export type QueueFullPolicy = 'drop-oldest' | 'drop-newest';

/** Records are copied into chunks of this size (a larger record gets a chunk of its own). */
const SLAB_BYTES = 64 * 1024;
const INITIAL_CAPACITY = 1024;
/**
 * Emptied slabs kept for the next burst (at most this many, and no more than the byte bound
 * holds). Each new slab costs 16 page faults on first write: at 1,000 records per event-loop turn
 * into a congested stream, faults on fresh memory were a quarter of the sender's CPU.
 */
const MAX_SPARE_SLABS = 8;

interface Slab {
  bytes: Buffer;
  /** Bytes written so far. */
  used: number;
  /** Views of it were handed out by peek() to a reader that may keep them (see `viewsOutlive`). */
  lent: boolean;
  /** Hand-overs (handOver) not handed back yet that include bytes of it: it is not reused before. */
  holds: number;
  /** It left the queue while held: handedBack() makes it spare. */
  left: boolean;
  next: Slab | undefined;
}

/**
 * A FIFO of encoded records bounded by count and by bytes. Records are never empty (an RFC 5424
 * header alone has 15 bytes): a record's end is where the next one starts.
 *
 * Each record is copied into append-only slabs and remembered by its length alone (4 bytes), so a
 * long backlog costs its bytes: kept as they come, each record would also hold a Buffer object
 * and a share of node's 8 KiB allocation pool, about twice its size in RSS (measured by
 * `npm run bench -- --only memory`). A slab whose records were handed out is never written again,
 * so a view a socket sends later (UDP) stays intact; nor is one whose frames a stream writes
 * straight from the queue (handOver), until handed back. Other emptied slabs are reused (records
 * dropped during an outage, a burst sent): old slabs left to the garbage collector cost about
 * 20 MiB more at the peak of an outage, and page faults on new ones cost a busy stream CPU.
 */
export class RecordQueue {
  /** Ring of record lengths, oldest at `first`; its capacity is a power of two. */
  private lengths = new Int32Array(INITIAL_CAPACITY);
  private first = 0;
  private count = 0;
  private byteCount = 0;
  /** The slab of the oldest record, linked to the newer ones up to `tail`. */
  private head: Slab | undefined;
  private tail: Slab | undefined;
  /** Where the oldest record starts in `head`. */
  private headOffset = 0;
  /** Emptied slabs that were never lent, for the next slabs needed. */
  private spares: Slab[] = [];
  private readonly maxSpares: number;
  /** Each hand-over not handed back yet, oldest first: its slabs and how many of its records are unreported. */
  private handedOver: Array<{ slabs: Slab[]; records: number }> = [];
  /**
   * Views of the oldest records, from `viewHead` on, made once each: a congested socket is offered
   * the same records again and again. The cursor is where the record after the last view starts.
   */
  private views: Buffer[] = [];
  private viewHead = 0;
  private cursorSlab: Slab | undefined;
  private cursorOffset = 0;
  /** Framed queue: digits of the last record's length, the guess for the next one's (see beginRecord). */
  private lengthDigits = 3;

  constructor(
    readonly maxRecords: number,
    readonly maxBytes: number,
    readonly policy: QueueFullPolicy,
    /**
     * Views from peek() are used after the records were discarded (UDP: node sends them later):
     * their slabs are then never written again. Otherwise an emptied slab is reused, which spares
     * a busy socket a new 64 KiB (and its page faults) every 230 or so records; a stream that
     * writes frames after the call that took them says so with handOver() instead.
     */
    private readonly viewsOutlive = true,
    /**
     * Store each record as an octet-counted frame (`MSG-LEN SP` first), for a stream sender that
     * takes runs of frames (peekFrames). Lengths and byte counts then include the `MSG-LEN SP`.
     */
    private readonly framed = false,
  ) {
    this.maxSpares = Math.min(MAX_SPARE_SLABS, Math.ceil(maxBytes / SLAB_BYTES));
  }

  get length(): number {
    return this.count;
  }

  get bytes(): number {
    return this.byteCount;
  }

  /** Adds a record; returns how many records were dropped to respect the bounds (0 when none). */
  push(record: Buffer): number {
    const size = this.storedBytes(record);
    if (this.policy === 'drop-newest') {
      if (!this.fits(size)) return 1;
      this.append(record, size);
      return 0;
    }
    if (size > this.maxBytes) return 1;
    let dropped = 0;
    while (!this.fits(size)) {
      this.discard(1);
      dropped++;
    }
    this.append(record, size);
    return dropped;
  }

  /**
   * Starts `w` on the next record where the queue keeps it: in the newest slab after its last
   * record (framed: after room for `MSG-LEN SP`, guessed from the last record), so that commit()
   * needs no copy. With no slab yet, or a record that outgrows the slab, the writer's own buffer
   * holds it, and push() copies it.
   */
  beginRecord(w: ByteWriter): void {
    const tail = this.tail;
    const start = tail === undefined ? 0 : this.recordStart(tail);
    if (tail !== undefined && start < tail.bytes.length) w.startAt(tail.bytes, start);
    else w.reset();
  }

  /** Where beginRecord() starts a record in `tail`: after its last one and the guessed `MSG-LEN SP`. */
  private recordStart(tail: Slab): number {
    return tail.used + (this.framed ? this.lengthDigits + 1 : 0);
  }

  /**
   * Keeps the record `w` holds since beginRecord() if it is still where that put it and fits the
   * bounds as they are, and returns true; otherwise changes nothing (the caller pushes it).
   */
  commit(w: ByteWriter): boolean {
    const tail = this.tail;
    if (tail === undefined || w.buf !== tail.bytes || w.base !== this.recordStart(tail)) return false;
    const length = w.length;
    const size = this.framed ? frameLength(length) : length;
    if (!this.fits(size) || tail.used + size > tail.bytes.length) return false;
    if (this.framed) {
      // A length with more or fewer digits than guessed: the record moves next to its MSG-LEN.
      const at = tail.used + size - length;
      if (at !== w.base) {
        tail.bytes.copyWithin(at, w.base, w.at);
        this.lengthDigits = size - length - 1;
      }
      writeFrameHead(tail.bytes, tail.used, length);
    }
    this.added(tail, size);
    return true;
  }

  /** Whether pushing `record` now would drop a record. */
  isFullFor(record: Buffer): boolean {
    return !this.fits(this.storedBytes(record));
  }

  /**
   * Framed queue: up to `max` frames from the front, without removing them, as runs of contiguous
   * bytes (one per slab they span), and how many frames the runs hold.
   */
  peekFrames(max: number): { runs: Buffer[]; count: number } {
    const count = Math.min(max, this.count);
    const runs: Buffer[] = [];
    if (count === 0) return { runs, count };
    const mask = this.lengths.length - 1;
    let slab = this.head!;
    let start = this.headOffset;
    let end = start;
    for (let k = 0; k < count; k++) {
      if (end === slab.used) {
        if (end > start) runs.push(this.lend(slab, start, end));
        slab = slab.next!;
        start = end = 0;
      }
      end += this.lengths[(this.first + k) & mask];
    }
    runs.push(this.lend(slab, start, end));
    return { runs, count };
  }

  /**
   * Up to `max` records from the front, after the first `skip` (records a sender has but did not
   * confirm yet), without removing them: views into the slabs.
   */
  peek(max: number, skip = 0): Buffer[] {
    const n = Math.min(max + skip, this.count);
    let have = this.views.length - this.viewHead;
    if (have < n) {
      let slab = have === 0 ? this.head! : this.cursorSlab!;
      let offset = have === 0 ? this.headOffset : this.cursorOffset;
      const mask = this.lengths.length - 1;
      for (; have < n; have++) {
        if (offset === slab.used) {
          slab = slab.next!;
          offset = 0;
        }
        if (this.viewsOutlive) slab.lent = true;
        const length = this.lengths[(this.first + have) & mask];
        this.views.push(slab.bytes.subarray(offset, offset + length));
        offset += length;
      }
      this.cursorSlab = slab;
      this.cursorOffset = offset;
    }
    return this.views.slice(this.viewHead + skip, this.viewHead + n);
  }

  /** Removes `count` records from the front. */
  discard(count: number): void {
    this.remove(count, undefined);
  }

  /**
   * Removes `count` frames from the front (given by peekFrames) that their reader still uses: their
   * memory is not written again before all of them are handed back. Hand-overs come back in order.
   */
  handOver(count: number): void {
    const held: Slab[] = [];
    const records = this.remove(count, held);
    if (records > 0) this.handedOver.push({ slabs: held, records });
  }

  /**
   * The reader is done with the `count` oldest frames it was handed and had not handed back (a
   * hand-over may come back in parts): the slabs of hand-overs done with in full may be reused.
   */
  handedBack(count: number): void {
    while (count > 0 && this.handedOver.length > 0) {
      const oldest = this.handedOver[0];
      const n = Math.min(count, oldest.records);
      oldest.records -= n;
      count -= n;
      if (oldest.records > 0) return;
      this.handedOver.shift();
      for (const slab of oldest.slabs) {
        slab.holds--;
        if (slab.holds === 0 && slab.left) this.recycle(slab);
      }
    }
  }

  /** Returns how many records it removed. */
  private remove(count: number, held: Slab[] | undefined): number {
    const n = Math.min(count, this.count);
    const mask = this.lengths.length - 1;
    for (let k = 0; k < n; k++) {
      if (held && held[held.length - 1] !== this.head) {
        this.head!.holds++;
        held.push(this.head!);
      }
      const length = this.lengths[this.first];
      this.first = (this.first + 1) & mask;
      this.byteCount -= length;
      this.headOffset += length;
      // The newest slab stays while empty: later records go after the bytes already handed out.
      if (this.headOffset === this.head!.used && this.head !== this.tail) this.releaseHead();
    }
    this.count -= n;
    this.viewHead += n;
    if (this.viewHead >= this.views.length) {
      this.views = [];
      this.viewHead = 0;
    } else if (this.viewHead >= 1024 && this.viewHead * 2 >= this.views.length) {
      this.views = this.views.slice(this.viewHead);
      this.viewHead = 0;
    }
    return n;
  }

  /** Removes everything; returns how many records there were. */
  clear(): number {
    const n = this.count;
    this.first = 0;
    this.count = 0;
    this.byteCount = 0;
    this.head = this.tail = this.cursorSlab = undefined;
    this.spares = [];
    this.headOffset = 0;
    this.views = [];
    this.viewHead = 0;
    return n;
  }

  private storedBytes(record: Buffer): number {
    return this.framed ? frameLength(record.length) : record.length;
  }

  /** Whether one more record that takes `size` bytes here stays within both bounds. */
  private fits(size: number): boolean {
    return this.count + 1 <= this.maxRecords && this.byteCount + size <= this.maxBytes;
  }

  private lend(slab: Slab, start: number, end: number): Buffer {
    if (this.viewsOutlive) slab.lent = true;
    return slab.bytes.subarray(start, end);
  }

  /** Copies `record` in; `size` is its storedBytes. */
  private append(record: Buffer, size: number): void {
    let tail = this.tail;
    if (!tail || tail.used + size > tail.bytes.length) {
      const slab = this.newSlab(size);
      if (tail) tail.next = slab;
      else this.head = slab;
      if (this.count === 0 && tail) this.releaseHead(); // the only slab, and empty
      this.tail = tail = slab;
    }
    const at = this.framed ? writeFrameHead(tail.bytes, tail.used, record.length) : tail.used;
    tail.bytes.set(record, at);
    this.added(tail, size);
  }

  /** Counts in a record of `size` stored bytes just written at the end of `tail`. */
  private added(tail: Slab, size: number): void {
    tail.used += size;
    if (this.count === this.lengths.length) this.growRing();
    this.lengths[(this.first + this.count) & (this.lengths.length - 1)] = size;
    this.count++;
    this.byteCount += size;
  }

  private newSlab(recordLength: number): Slab {
    if (recordLength <= SLAB_BYTES && this.spares.length > 0) return this.spares.pop()!;
    const bytes = Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, recordLength));
    return { bytes, used: 0, lent: false, holds: 0, left: false, next: undefined };
  }

  private releaseHead(): void {
    const slab = this.head!;
    this.head = slab.next;
    this.headOffset = 0;
    slab.next = undefined;
    if (slab.holds > 0) slab.left = true;
    else this.recycle(slab);
  }

  private recycle(slab: Slab): void {
    if (slab.lent || slab.bytes.length !== SLAB_BYTES || this.spares.length >= this.maxSpares) return;
    slab.used = 0;
    slab.left = false;
    this.spares.push(slab);
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
