/** The process 'exit' hook: one listener for all live transports, gone with the last close(). */
import { expect } from 'chai';
import { Delivery, DeliveryOptions } from '../../lib/delivery/delivery';
import { exitFlushCount } from '../../lib/delivery/exit-flush';
import { FakeSender } from './fake-sender';
import { TEST_DELIVERY_OPTIONS } from './test-options';

const options: DeliveryOptions = { ...TEST_DELIVERY_OPTIONS, exitFlushMs: 500 };

/** A fake socket that can also write synchronously, taking at most `syncRoom` records. */
class SyncFakeSender extends FakeSender {
  syncRoom = Infinity;
  readonly syncWritten: string[] = [];
  deadlines: number[] = [];
  syncFlush(records: readonly Buffer[], deadline: number): number {
    this.deadlines.push(deadline);
    const taken = Math.min(this.syncRoom, records.length);
    this.syncWritten.push(...records.slice(0, taken).map(String));
    return taken;
  }
}

describe('exit flush', () => {
  it('registers one process exit listener for all transports, removed when the last one closes', async () => {
    const listeners = process.listenerCount('exit');
    const a = new Delivery(new SyncFakeSender(), options);
    const b = new Delivery(new SyncFakeSender(), options);
    expect(exitFlushCount()).to.equal(2);
    expect(process.listenerCount('exit')).to.equal(listeners + 1);
    await a.close();
    expect(process.listenerCount('exit')).to.equal(listeners + 1);
    await b.close();
    expect(exitFlushCount()).to.equal(0);
    expect(process.listenerCount('exit')).to.equal(listeners);
  });

  it('registers nothing for a sender without syncFlush, or with exitFlushMs 0', async () => {
    const listeners = process.listenerCount('exit');
    const a = new Delivery(new FakeSender(), options);
    const b = new Delivery(new SyncFakeSender(), { ...options, exitFlushMs: 0 });
    expect(process.listenerCount('exit')).to.equal(listeners);
    await Promise.all([a.close(), b.close()]);
  });

  it('flushSync hands the whole queue to the sender in order, bounded by the deadline, and counts what it took', async () => {
    const sender = new SyncFakeSender();
    sender.openError = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const delivery = new Delivery(sender, options);
    delivery.on('warn', () => undefined);
    for (let i = 0; i < 10; i++) delivery.enqueue(Buffer.from(`r${i}`));
    sender.syncRoom = 7;
    const deadline = Date.now() + 500;
    delivery.flushSync(deadline);
    expect(sender.syncWritten).to.deep.equal(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    expect(sender.deadlines).to.deep.equal([deadline]);
    expect(delivery.stats()).to.include({ sent: 7, queued: 3 });
    await delivery.close();
  });
});
