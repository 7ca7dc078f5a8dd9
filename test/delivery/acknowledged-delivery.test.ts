import { expect } from 'chai';
import { once } from 'events';
import { Delivery, DeliveryOptions } from '../../lib/delivery/delivery';
import { TEST_DELIVERY_OPTIONS } from './test-options';
import { ConfirmingFakeSender } from './confirming-fake-sender';

const defaults: DeliveryOptions = { ...TEST_DELIVERY_OPTIONS, closeTimeoutMs: 300 };

const names = (n: number, from = 0): string[] => Array.from({ length: n }, (_, i) => `r${from + i}`);
const enqueueAll = (delivery: Delivery, list: string[]): void => list.forEach((r) => delivery.enqueue(Buffer.from(r)));

describe('Delivery with a sender whose daemon acknowledges records (RELP)', () => {
  it('a record counts as sent only once acknowledged, and the window is backpressure', async () => {
    const sender = new ConfirmingFakeSender();
    const delivery = new Delivery(sender, defaults);
    enqueueAll(delivery, names(20));
    await once(delivery, 'connect');
    expect(sender.written).to.deep.equal(names(8), 'no more than the window in flight');
    expect(delivery.stats()).to.include({ sent: 0, inFlight: 8, queued: 12 });
    sender.ack(3);
    expect(delivery.stats()).to.include({ sent: 3, inFlight: 8, queued: 9 });
    expect(sender.written).to.deep.equal(names(11));
    sender.ack();
    sender.ack();
    sender.ack();
    expect(delivery.stats()).to.include({ sent: 20, inFlight: 0, queued: 0, dropped: 0 });
    expect(sender.written).to.deep.equal(names(20), 'each record written once');
  });

  it('after a broken connection the unacknowledged records are resent first, in order', async () => {
    const sender = new ConfirmingFakeSender();
    const delivery = new Delivery(sender, defaults);
    delivery.on('warn', () => undefined);
    enqueueAll(delivery, names(12));
    await once(delivery, 'connect');
    sender.ack(5); // r0-r4 acknowledged, r5-r12 written and waiting
    sender.breakConnection();
    expect(delivery.stats()).to.include({ sent: 5, inFlight: 0, queued: 7 });
    enqueueAll(delivery, ['late']);
    await once(delivery, 'reconnect');
    expect(sender.written.slice(sender.written.length - 8)).to.deep.equal(names(7, 5).concat('late').slice(0, 8));
    sender.ack();
    sender.ack();
    expect(delivery.stats()).to.include({ sent: 13, inFlight: 0, queued: 0, dropped: 0, reconnects: 1 });
  });

  it('the queue bound counts unacknowledged records; dropping one of them skips its late acknowledgement', async () => {
    const sender = new ConfirmingFakeSender();
    const delivery = new Delivery(sender, { ...defaults, maxQueueRecords: 10 });
    enqueueAll(delivery, names(8));
    await once(delivery, 'connect');
    expect(delivery.stats()).to.include({ inFlight: 8, queued: 0 });
    enqueueAll(delivery, names(4, 8)); // 12 > 10: r0 and r1, both unacknowledged, go
    expect(delivery.stats()).to.include({ inFlight: 6, queued: 4, dropped: 2 });
    expect(delivery.stats().drops.queueFull).to.equal(2);
    sender.ack(8); // the daemon still answers for r0..r7
    expect(delivery.stats()).to.include({ sent: 6, inFlight: 4, queued: 0 });
    sender.ack();
    expect(delivery.stats()).to.include({ sent: 10, dropped: 2, inFlight: 0, queued: 0 });
  });

  it('a refused record (RELP 500) is counted as sendFailed and the rest go on', async () => {
    const sender = new ConfirmingFakeSender();
    const delivery = new Delivery(sender, defaults);
    delivery.on('warn', () => undefined);
    enqueueAll(delivery, names(3));
    await once(delivery, 'connect');
    sender.ack(1);
    sender.refuse();
    sender.ack(1);
    expect(delivery.stats()).to.include({ sent: 2, dropped: 1, inFlight: 0, queued: 0 });
    expect(delivery.stats().drops.sendFailed).to.equal(1);
  });

  it('close() waits for the acknowledgements, then ends the session', async () => {
    const sender = new ConfirmingFakeSender();
    const delivery = new Delivery(sender, defaults);
    enqueueAll(delivery, names(10));
    await once(delivery, 'connect');
    const closing = delivery.close();
    setTimeout(() => sender.ack(), 50);
    setTimeout(() => sender.ack(), 100);
    await closing;
    expect(sender.ended).to.equal(1);
    expect(delivery.stats()).to.include({ sent: 10, dropped: 0 });
  });

  it('close() against a daemon that never answers ends after closeTimeoutMs, counting the unacknowledged as closed', async () => {
    const sender = new ConfirmingFakeSender();
    const delivery = new Delivery(sender, { ...defaults, maxQueueRecords: 50 });
    enqueueAll(delivery, names(200));
    await once(delivery, 'connect');
    expect(delivery.stats()).to.include({ inFlight: 8, queued: 42, dropped: 150 });
    const started = Date.now();
    await delivery.close();
    expect(Date.now() - started).to.be.below(5000);
    const stats = delivery.stats();
    expect(stats.drops).to.include({ queueFull: 150, closed: 50 });
    expect(stats.sent + stats.dropped).to.equal(200);
  });
});
