import { expect } from 'chai';
import { once } from 'events';
import { Delivery, DropReport } from '../../lib/delivery/delivery';
import { TEST_DELIVERY_OPTIONS } from './test-options';
import { FakeSender, writtenText } from './fake-sender';

const defaults = TEST_DELIVERY_OPTIONS;

function records(n: number, prefix = 'r'): Buffer[] {
  return Array.from({ length: n }, (_, i) => Buffer.from(`${prefix}${i}`));
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Delivery', () => {
  it('sends records in order once the socket opens, and counts them', async () => {
    const sender = new FakeSender();
    const delivery = new Delivery(sender, defaults);
    records(10).forEach((r) => delivery.enqueue(r));
    expect(delivery.stats().queued).to.equal(10);
    await once(delivery, 'connect');
    expect(writtenText(sender)).to.deep.equal(records(10).map(String));
    expect(delivery.stats()).to.include({ sent: 10, queued: 0, inFlight: 0, dropped: 0, connected: true });
    expect(sender.active).to.equal(false, 'an idle socket must not hold the event loop');
  });

  it('waits out congestion and resumes in order when the socket is writable', async () => {
    const sender = new FakeSender();
    const delivery = new Delivery(sender, defaults);
    await (delivery.enqueue(Buffer.from('first')), once(delivery, 'connect'));
    sender.room = 3;
    records(10).forEach((r) => delivery.enqueue(r));
    expect(delivery.stats()).to.include({ sent: 4, queued: 7 });
    expect(sender.active).to.equal(true, 'queued work keeps the socket active');
    sender.drain();
    expect(delivery.stats()).to.include({ sent: 11, queued: 0, dropped: 0 });
    expect(writtenText(sender).slice(1)).to.deep.equal(records(10).map(String));
  });

  it('tries a congested socket again as records are logged, but not on every record', async () => {
    const sender = new FakeSender();
    const delivery = new Delivery(sender, { ...defaults, maxQueueRecords: 5000 });
    await (delivery.enqueue(Buffer.from('first')), once(delivery, 'connect'));
    sender.room = 0;
    let tries = 0;
    const write = sender.write.bind(sender);
    sender.write = (batch) => (tries++, write(batch));
    records(2000).forEach((r) => delivery.enqueue(r));
    expect(tries).to.be.within(1, 1000, 'a failed send is a syscall: paced, not once per record');
    sender.drain();
    expect(delivery.stats()).to.include({ sent: 2001, queued: 0, dropped: 0 });
  });

  it('drops the oldest records when the queue is full, counting each', async () => {
    const sender = new FakeSender();
    sender.openError = Object.assign(new Error('connect ENOENT'), { code: 'ENOENT' });
    const delivery = new Delivery(sender, { ...defaults, maxQueueRecords: 5 });
    const dropped: number[] = [];
    delivery.on('dropped', (d: { count: number }) => dropped.push(d.count));
    delivery.on('warn', () => undefined);
    records(12).forEach((r) => delivery.enqueue(r));
    expect(delivery.stats()).to.include({ queued: 5, dropped: 7 });
    expect(delivery.stats().drops.queueFull).to.equal(7);
    expect(dropped.reduce((a, b) => a + b, 0)).to.equal(7);
    sender.openError = undefined;
    await once(delivery, 'connect');
    expect(writtenText(sender)).to.deep.equal(['r7', 'r8', 'r9', 'r10', 'r11']);
  });

  it('drops the newest records under drop-newest', async () => {
    const sender = new FakeSender();
    const delivery = new Delivery(sender, { ...defaults, maxQueueRecords: 3, queueFullPolicy: 'drop-newest' });
    records(5).forEach((r) => delivery.enqueue(r));
    await once(delivery, 'connect');
    expect(writtenText(sender)).to.deep.equal(['r0', 'r1', 'r2']);
    expect(delivery.stats().drops.queueFull).to.equal(2);
  });

  it('bounds the queue by bytes too', () => {
    const sender = new FakeSender();
    const delivery = new Delivery(sender, { ...defaults, maxQueueBytes: 1024 });
    for (let i = 0; i < 10; i++) delivery.enqueue(Buffer.alloc(300));
    expect(delivery.stats()).to.include({ queued: 3, queuedBytes: 900, dropped: 7 });
  });

  it('reconnects with backoff after the connection breaks, keeps what is queued, and warns once per outage', async () => {
    const sender = new FakeSender();
    const delivery = new Delivery(sender, defaults);
    const warnings: Error[] = [];
    delivery.on('warn', (w: Error) => warnings.push(w));
    delivery.enqueue(Buffer.from('a'));
    await once(delivery, 'connect');
    sender.openError = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    sender.room = 0;
    sender.events.broken(Object.assign(new Error('send ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    records(3).forEach((r) => delivery.enqueue(r));
    await sleep(80); // several failed attempts
    expect(sender.opens).to.be.greaterThan(2);
    expect(warnings).to.have.length(1);
    expect(warnings[0].message).to.match(/cannot deliver to fake:0.*ECONNREFUSED/);
    expect((warnings[0] as NodeJS.ErrnoException).code).to.equal('ECONNREFUSED');
    sender.openError = undefined;
    sender.room = Infinity;
    await once(delivery, 'reconnect');
    expect(writtenText(sender)).to.deep.equal(['a', 'r0', 'r1', 'r2']);
    expect(delivery.stats()).to.include({ reconnects: 1, dropped: 0, sent: 4 });
  });

  it('counts records a sender reports lost, by reason', async () => {
    const sender = new FakeSender();
    const delivery = new Delivery(sender, defaults);
    delivery.on('warn', () => undefined);
    delivery.enqueue(Buffer.from('a'));
    await once(delivery, 'connect');
    sender.events.lost(3, 'connectionLost', new Error('EPIPE'));
    sender.events.lost(1, 'tooLarge', new Error('EMSGSIZE'));
    const stats = delivery.stats();
    expect(stats.drops).to.include({ connectionLost: 3, tooLarge: 1 });
    expect(stats.dropped).to.equal(4);
  });

  it('reports drops once delivery works again, at most once per interval', async () => {
    const sender = new FakeSender();
    sender.openError = new Error('down');
    const delivery = new Delivery(sender, { ...defaults, maxQueueRecords: 2, dropReportIntervalMs: 200 });
    delivery.on('warn', () => undefined);
    const reports: DropReport[] = [];
    delivery.on('dropReport', (r: DropReport) => reports.push(r));
    records(5).forEach((r) => delivery.enqueue(r));
    await sleep(30);
    expect(reports).to.have.length(0, 'no report while nothing can be delivered');
    sender.openError = undefined;
    await once(delivery, 'dropReport');
    expect(reports[0]).to.deep.include({ total: 3, counts: { queueFull: 3 } });
    records(5).forEach((r) => delivery.enqueue(r)); // no room problem now: nothing dropped
    sender.room = 0;
    records(5, 'x').forEach((r) => delivery.enqueue(r));
    await sleep(50);
    expect(reports).to.have.length(1, 'the next report waits for the interval');
    await once(delivery, 'dropReport');
    expect(reports[1].total).to.equal(3);
  });

  it('close() flushes what is queued, then destroys the socket', async () => {
    const sender = new FakeSender();
    const delivery = new Delivery(sender, defaults);
    records(3).forEach((r) => delivery.enqueue(r));
    await delivery.close();
    expect(writtenText(sender)).to.have.length(3);
    expect(sender.destroyed).to.be.greaterThan(0);
    delivery.enqueue(Buffer.from('late'));
    expect(delivery.stats().drops.closed).to.equal(1);
  });

  it('close() gives up at once when the daemon is unreachable, counting what is left', async () => {
    const sender = new FakeSender();
    sender.openError = Object.assign(new Error('connect ENOENT'), { code: 'ENOENT' });
    const delivery = new Delivery(sender, { ...defaults, reconnectMinMs: 60000, reconnectMaxMs: 60000, closeTimeoutMs: 5000 });
    delivery.on('warn', () => undefined);
    records(4).forEach((r) => delivery.enqueue(r));
    await tick();
    await tick();
    const started = Date.now();
    await delivery.close();
    expect(Date.now() - started).to.be.lessThan(1000);
    expect(sender.opens).to.equal(2, 'one more attempt at close time, not a wait for the backoff');
    expect(delivery.stats().drops.closed).to.equal(4);
  });

  it('close() keeps flushing past closeTimeoutMs while records still get through', async () => {
    const sender = new FakeSender();
    const delivery = new Delivery(sender, { ...defaults, closeTimeoutMs: 100 });
    delivery.enqueue(Buffer.from('a'));
    await once(delivery, 'connect');
    sender.room = 0;
    records(8).forEach((r) => delivery.enqueue(r));
    const closed = delivery.close();
    for (let i = 0; i < 8; i++) {
      await sleep(60); // a slow daemon: one record every 60 ms, 480 ms in all
      sender.drain(1);
    }
    await closed;
    expect(delivery.stats()).to.include({ sent: 9, dropped: 0 });
  });

  it('close() ends within closeTimeoutMs when the socket stays congested', async () => {
    const sender = new FakeSender();
    const delivery = new Delivery(sender, { ...defaults, closeTimeoutMs: 100 });
    delivery.enqueue(Buffer.from('a'));
    await once(delivery, 'connect');
    sender.room = 0;
    records(5).forEach((r) => delivery.enqueue(r));
    const started = Date.now();
    await delivery.close();
    expect(Date.now() - started).to.be.within(80, 1000);
    expect(delivery.stats().drops.closed).to.equal(5);
  });

  it('close() during an outage of a daemon reached before: retries at short intervals and delivers once it is back', async () => {
    const sender = new FakeSender();
    const delivery = new Delivery(sender, { ...defaults, reconnectMinMs: 30, reconnectMaxMs: 60000, closeTimeoutMs: 2000 });
    delivery.on('warn', () => undefined);
    delivery.enqueue(Buffer.from('before'));
    await once(delivery, 'connect');
    // The daemon restarts: the connection breaks and stays refused for 300 ms.
    sender.openError = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    sender.events.broken(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    records(5).forEach((r) => delivery.enqueue(r));
    const closed = delivery.close();
    await sleep(300);
    const attempts = sender.opens;
    sender.openError = undefined;
    await closed;
    expect(attempts).to.be.at.least(4, 'retried every 30 ms (reconnectMinMs) while closing');
    expect(writtenText(sender)).to.deep.equal(['before', ...records(5).map(String)]);
    expect(delivery.stats()).to.include({ sent: 6, dropped: 0 });
  });

  it('close() during an outage gives up once closeTimeoutMs pass without the daemon coming back', async () => {
    const sender = new FakeSender();
    const delivery = new Delivery(sender, { ...defaults, closeTimeoutMs: 200 });
    delivery.on('warn', () => undefined);
    delivery.enqueue(Buffer.from('before'));
    await once(delivery, 'connect');
    sender.openError = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    sender.events.broken(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    records(5).forEach((r) => delivery.enqueue(r));
    const started = Date.now();
    await delivery.close();
    expect(Date.now() - started).to.be.within(150, 2000);
    expect(delivery.stats().drops.closed).to.equal(5);
  });
  describe('a full queue on a socket the daemon drains while the application waits (unix datagrams)', () => {
    /** A congested socket whose daemon reads one record every `readEveryMs`, whatever the event loop does. */
    class DrainingSender extends FakeSender {
      readonly drainsWhileBlocked = true;
      readEveryMs = 0.2;
      private last = performance.now();
      override write(records: readonly Buffer[]): number {
        const now = performance.now();
        const read = Math.floor((now - this.last) / this.readEveryMs);
        if (read > 0) {
          this.room = Math.max(this.room, Math.min(this.room + read, 3)); // the kernel queue holds 3
          this.last = now;
        }
        return super.write(records);
      }
    }

    it('waits for room instead of dropping, and loses nothing of a burst', async () => {
      const sender = new DrainingSender();
      const delivery = new Delivery(sender, { ...defaults, maxQueueRecords: 5, fullQueueWaitMs: 1000 });
      await (delivery.enqueue(Buffer.from('first')), once(delivery, 'connect'));
      sender.room = 0;
      records(200).forEach((r) => delivery.enqueue(r));
      expect(delivery.stats()).to.include({ dropped: 0 });
      expect(delivery.stats().sent + delivery.stats().queued).to.equal(201);
      sender.drain();
      expect(writtenText(sender).slice(1)).to.deep.equal(records(200).map(String));
      await delivery.close();
    });

    it('waits at most fullQueueWaitMs for a daemon that reads nothing, once, then drops until it reads again', async () => {
      const sender = new DrainingSender();
      sender.readEveryMs = Infinity;
      const delivery = new Delivery(sender, { ...defaults, maxQueueRecords: 5, fullQueueWaitMs: 50 });
      delivery.on('warn', () => undefined);
      await (delivery.enqueue(Buffer.from('first')), once(delivery, 'connect'));
      sender.room = 0;
      const start = performance.now();
      records(25).forEach((r) => delivery.enqueue(r));
      const waited = performance.now() - start;
      expect(delivery.stats()).to.include({ queued: 5, dropped: 20 });
      expect(waited).to.be.at.least(45).and.below(500, 'one wait of 50 ms, not one per record');
      sender.drain(); // the daemon reads again: the next full queue is waited for again
      sender.room = 0;
      records(5).forEach((r) => delivery.enqueue(r));
      const again = performance.now();
      delivery.enqueue(Buffer.from('late'));
      expect(performance.now() - again).to.be.at.least(45);
      sender.drain();
      await delivery.close();
    });

    it('drops at once with fullQueueWaitMs 0, and on a socket that needs the event loop to drain', async () => {
      for (const [sender, wait] of [[new DrainingSender(), 0], [new FakeSender(), 1000]] as const) {
        if (sender instanceof DrainingSender) sender.readEveryMs = Infinity;
        const delivery = new Delivery(sender, { ...defaults, maxQueueRecords: 5, fullQueueWaitMs: wait });
        await (delivery.enqueue(Buffer.from('first')), once(delivery, 'connect'));
        sender.room = 0;
        const start = performance.now();
        records(25).forEach((r) => delivery.enqueue(r));
        expect(performance.now() - start).to.be.below(40);
        expect(delivery.stats()).to.include({ queued: 5, dropped: 20 });
        sender.drain();
        await delivery.close();
      }
    });
  });
});
