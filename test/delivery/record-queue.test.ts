import { expect } from 'chai';
import { RecordQueue } from '../../lib/delivery/record-queue';

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
});
