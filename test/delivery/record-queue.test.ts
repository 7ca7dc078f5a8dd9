import { expect } from 'chai';
import * as fc from 'fast-check';
import { QueueFullPolicy, RecordQueue } from '../../lib/delivery/record-queue';
import { ByteWriter } from '../../lib/format/byte-writer';

/** A record of `size` bytes that names itself, so a misplaced or overwritten byte shows. */
function record(n: number, size: number): Buffer {
  const out = Buffer.alloc(size, 97 + (n % 26));
  out.write(String(n), 0, 'latin1');
  return out;
}

type Op = { push: number } | { discard: number } | { peek: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  // mostly small records, some around and past the 64 KiB slab size
  { arbitrary: fc.integer({ min: 1, max: 400 }).map((push) => ({ push })), weight: 8 },
  { arbitrary: fc.integer({ min: 60_000, max: 140_000 }).map((push) => ({ push })), weight: 1 },
  { arbitrary: fc.integer({ min: 0, max: 300 }).map((discard) => ({ discard })), weight: 3 },
  { arbitrary: fc.integer({ min: 0, max: 300 }).map((peek) => ({ peek })), weight: 2 },
);

describe('RecordQueue', () => {
  it('keeps order across many pushes and discards (compaction included)', () => {
    const queue = new RecordQueue(1e6, 1e9, 'drop-oldest');
    for (let i = 0; i < 5000; i++) queue.push(Buffer.from(String(i)));
    queue.discard(3000);
    expect(queue.peek(3).map(String)).to.deep.equal(['3000', '3001', '3002']);
    expect(queue.length).to.equal(2000);
    expect(queue.bytes).to.equal(2000 * 4);
  });

  it('refuses a record larger than the byte bound under either policy', () => {
    for (const policy of ['drop-oldest', 'drop-newest'] as const) {
      const queue = new RecordQueue(10, 100, policy);
      queue.push(Buffer.alloc(10));
      expect(queue.push(Buffer.alloc(101))).to.equal(1);
      expect(queue.length).to.equal(1);
    }
  });

  it('holds exactly what an array model holds, through any mix of pushes, drops, peeks and discards', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<QueueFullPolicy>('drop-oldest', 'drop-newest'),
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 150_000, max: 2_000_000 }),
        fc.array(op, { maxLength: 400 }),
        (policy, maxRecords, maxBytes, ops) => {
          const queue = new RecordQueue(maxRecords, maxBytes, policy);
          let model: Buffer[] = [];
          let n = 0;
          for (const step of ops) {
            if ('push' in step) {
              const r = record(n++, step.push);
              let expectDropped = 0;
              const fits = (m: Buffer[]) => m.length + 1 <= maxRecords && m.reduce((s, b) => s + b.length, 0) + r.length <= maxBytes;
              if (r.length > maxBytes) expectDropped = 1;
              else if (policy === 'drop-newest') expectDropped = fits(model) ? (model.push(r), 0) : 1;
              else {
                while (!fits(model)) (model.shift(), expectDropped++);
                model.push(r);
              }
              expect(queue.push(r)).to.equal(expectDropped);
            } else if ('discard' in step) {
              queue.discard(step.discard);
              model = model.slice(step.discard);
            } else {
              const got = queue.peek(step.peek);
              expect(got.length).to.equal(Math.min(step.peek, model.length));
              got.forEach((b, i) => expect(b.equals(model[i])).to.equal(true, `record ${i} of the peek`));
            }
            expect(queue.length).to.equal(model.length);
            expect(queue.bytes).to.equal(model.reduce((s, b) => s + b.length, 0));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never changes a record already handed out, whatever is pushed and discarded after (UDP sends later)', () => {
    const queue = new RecordQueue(1e6, 1e9, 'drop-oldest');
    const handedOut: Array<[Buffer, Buffer]> = [];
    for (let i = 0; i < 20_000; i++) {
      queue.push(record(i, 100 + (i % 300)));
      if (i % 7 === 0) {
        const batch = queue.peek(5);
        for (const view of batch) handedOut.push([view, Buffer.from(view)]);
        queue.discard(batch.length);
      }
    }
    queue.discard(queue.length);
    for (let i = 0; i < 2_000; i++) queue.push(record(i, 250));
    expect(handedOut.length).to.be.greaterThan(10_000);
    for (const [view, copy] of handedOut) expect(view.equals(copy)).to.equal(true);
  });

  it('reuses its memory when what it hands out is not kept (senders that send at once)', () => {
    const queue = new RecordQueue(1e6, 1e9, 'drop-oldest', false);
    const allocate = Buffer.allocUnsafeSlow;
    let allocations = 0;
    Buffer.allocUnsafeSlow = (size: number) => (allocations++, allocate(size));
    try {
      for (let i = 0; i < 20_000; i++) {
        queue.push(record(i, 250));
        if (queue.length === 256) {
          const batch = queue.peek(256);
          expect(batch[0].equals(record(i - 255, 250))).to.equal(true);
          expect(batch[255].equals(record(i, 250))).to.equal(true);
          queue.discard(256);
        }
      }
    } finally {
      Buffer.allocUnsafeSlow = allocate;
    }
    // 5 MB went through; two 64 KiB slabs take turns (a handed-out one would be new each time).
    expect(allocations).to.be.at.most(2);
  });

  it('never changes frames handed over to a stream before all of them are handed back, in parts or at once, whatever is pushed and dropped meanwhile', () => {
    type StreamOp = { push: number } | { handOver: number } | { handBack: number } | { discard: number };
    const streamOp: fc.Arbitrary<StreamOp> = fc.oneof(
      { arbitrary: fc.integer({ min: 15, max: 3000 }).map((push) => ({ push })), weight: 10 },
      { arbitrary: fc.integer({ min: 60_000, max: 140_000 }).map((push) => ({ push })), weight: 1 },
      { arbitrary: fc.integer({ min: 1, max: 300 }).map((handOver) => ({ handOver })), weight: 3 },
      { arbitrary: fc.integer({ min: 1, max: 400 }).map((handBack) => ({ handBack })), weight: 3 },
      { arbitrary: fc.integer({ min: 1, max: 50 }).map((discard) => ({ discard })), weight: 1 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 150_000, max: 2_000_000 }), fc.array(streamOp, { maxLength: 300 }), (maxBytes, ops) => {
        const queue = new RecordQueue(1e6, maxBytes, 'drop-oldest', false, true);
        // each hand-over not handed back in full: its runs with a copy, and its records not handed back yet
        const out: Array<{ runs: Array<[Buffer, Buffer]>; records: number }> = [];
        let n = 0;
        for (const step of ops) {
          if ('push' in step) queue.push(record(n++, step.push));
          else if ('discard' in step) queue.discard(step.discard);
          else if ('handBack' in step) {
            // at most what is out: a reader never reports more than it was handed
            let count = Math.min(step.handBack, out.reduce((sum, o) => sum + o.records, 0));
            queue.handedBack(count);
            while (count > 0) {
              const taken = Math.min(count, out[0].records);
              out[0].records -= taken;
              count -= taken;
              if (out[0].records === 0) out.shift();
            }
          } else {
            const { runs, count } = queue.peekFrames(step.handOver);
            if (count === 0) continue;
            queue.handOver(count);
            out.push({ runs: runs.map((run) => [run, Buffer.from(run)]), records: count });
          }
          for (const { runs } of out) for (const [run, copy] of runs) expect(run.equals(copy)).to.equal(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reuses the memory a stream hands back, and keeps emptied slabs for the next burst', () => {
    const queue = new RecordQueue(1e6, 1e9, 'drop-oldest', false, true);
    const allocate = Buffer.allocUnsafeSlow;
    let allocations = 0;
    Buffer.allocUnsafeSlow = (size: number) => (allocations++, allocate(size));
    try {
      for (let burst = 0; burst < 50; burst++) {
        // a burst of about 256 KB queued while the socket is busy, then written 256 frames at a
        // time, each write handed back after the next one was handed over (one in flight)
        for (let i = 0; i < 1000; i++) queue.push(record(i, 250));
        const inFlight: number[] = [];
        while (queue.length > 0) {
          const { count } = queue.peekFrames(256);
          queue.handOver(count);
          inFlight.push(count);
          if (inFlight.length > 1) queue.handedBack(inFlight.shift()!);
        }
        queue.handedBack(inFlight.shift()!);
      }
    } finally {
      Buffer.allocUnsafeSlow = allocate;
    }
    // 12.7 MB went through in 64 KiB slabs; only the first burst needed new ones.
    expect(allocations).to.be.at.most(6);
  });

  it('allocates no new memory while an outage drops the oldest records of a full queue', () => {
    const queue = new RecordQueue(1e6, 1024 * 1024, 'drop-oldest');
    for (let i = 0; i < 10_000; i++) queue.push(record(i, 250)); // full: about 4,200 records
    const allocate = Buffer.allocUnsafeSlow;
    let allocations = 0;
    Buffer.allocUnsafeSlow = (size: number) => (allocations++, allocate(size));
    try {
      for (let i = 10_000; i < 50_000; i++) expect(queue.push(record(i, 250))).to.equal(1);
    } finally {
      Buffer.allocUnsafeSlow = allocate;
    }
    // The slab each drop empties is reused for the newest records, not left to the garbage collector.
    expect(allocations).to.equal(0);
    expect(queue.peek(1)[0].equals(record(50_000 - queue.length, 250))).to.equal(true);
  });

  it('stores a record written in place exactly as push() stores a copy, framed or not, whatever its length', () => {
    type InPlaceOp = { write: number } | { discard: number } | { handOver: number } | { handBack: true };
    const inPlaceOp: fc.Arbitrary<InPlaceOp> = fc.oneof(
      // lengths whose MSG-LEN has 1 to 6 digits, so the guessed room for it is often wrong
      { arbitrary: fc.integer({ min: 1, max: 12 }).map((write) => ({ write })), weight: 3 },
      { arbitrary: fc.integer({ min: 90, max: 1100 }).map((write) => ({ write })), weight: 8 },
      { arbitrary: fc.integer({ min: 9_990, max: 10_010 }).map((write) => ({ write })), weight: 2 },
      { arbitrary: fc.integer({ min: 60_000, max: 140_000 }).map((write) => ({ write })), weight: 1 },
      { arbitrary: fc.integer({ min: 0, max: 50 }).map((discard) => ({ discard })), weight: 2 },
      { arbitrary: fc.integer({ min: 1, max: 300 }).map((handOver) => ({ handOver })), weight: 2 },
      { arbitrary: fc.constant({ handBack: true as const }), weight: 2 },
    );
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.constantFrom<QueueFullPolicy>('drop-oldest', 'drop-newest'),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 150_000, max: 2_000_000 }),
        fc.array(inPlaceOp, { maxLength: 250 }),
        (framed, policy, maxRecords, maxBytes, ops) => {
          const queue = new RecordQueue(maxRecords, maxBytes, policy, false, framed);
          const model = new RecordQueue(maxRecords, maxBytes, policy, false, framed);
          const w = new ByteWriter(1024);
          let n = 0;
          const all = (q: RecordQueue): Buffer =>
            Buffer.concat(framed ? q.peekFrames(q.length).runs : q.peek(q.length));
          const handedOver: number[] = [];
          for (const step of ops) {
            if ('write' in step) {
              const r = record(n++, step.write);
              // written in three pieces, as a formatter does, so a record can outgrow its room midway
              queue.beginRecord(w);
              w.bytes(r.subarray(0, 1));
              w.text(r.toString('latin1', 1, Math.ceil(r.length / 2)));
              w.bytes(r.subarray(Math.ceil(r.length / 2)));
              if (!queue.commit(w)) expect(queue.push(Buffer.from(w.record()))).to.equal(model.push(r));
              else model.push(r);
            } else if ('discard' in step) {
              queue.discard(step.discard);
              model.discard(step.discard);
            } else if (!framed) continue;
            else if ('handBack' in step) {
              if (handedOver.length === 0) continue;
              const count = handedOver.shift()!;
              queue.handedBack(count);
              model.handedBack(count);
            } else {
              const count = queue.peekFrames(step.handOver).count;
              if (count === 0) continue;
              queue.handOver(count);
              model.handOver(count);
              handedOver.push(count);
            }
            expect(queue.length).to.equal(model.length);
            expect(queue.bytes).to.equal(model.bytes);
            expect(all(queue).equals(all(model))).to.equal(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
