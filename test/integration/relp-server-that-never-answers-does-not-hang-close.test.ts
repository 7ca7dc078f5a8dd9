import { expect } from 'chai';
import { readdirSync, readFileSync } from 'fs';
import { createServer, Server, Socket } from 'net';
import { Rsyslog, startRsyslog } from '../helpers/rsyslog';
import { sequencedLogger, sleep } from './steady-logger';

/**
 * SIGSTOP reaches each of rsyslogd's threads when it next runs: until all of them show state T, a
 * thread on the other core may still acknowledge a whole window (seen: 128 records after kill()).
 */
async function stopped(pid: number): Promise<void> {
  const state = (task: string): string => {
    try {
      return readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
    } catch {
      return 'T'; // the thread is gone
    }
  };
  const deadline = Date.now() + 5000;
  while (!readdirSync(`/proc/${pid}/task`).every((task) => 'Tt'.includes(state(task)))) {
    if (Date.now() > deadline) throw new Error(`rsyslogd ${pid} did not stop within 5 s of SIGSTOP`);
    await sleep(5);
  }
}

/** A TCP server that accepts connections; with `answerOpen` it opens the RELP session and then never answers again. */
async function silentServer(answerOpen: boolean): Promise<{ server: Server; port: number; received: () => number }> {
  const sockets: Socket[] = [];
  let received = 0;
  const server = createServer((socket) => {
    sockets.push(socket);
    let opened = !answerOpen;
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (!opened && chunk.includes('commands=syslog')) {
        opened = true;
        const data = '200 OK\nrelp_version=0\nrelp_software=silent\ncommands=syslog';
        socket.write(`1 rsp ${data.length} ${data}\n`);
      }
    });
    socket.on('error', () => undefined);
  });
  server.on('close', () => sockets.forEach((s) => s.destroy()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = server.close.bind(server);
  server.close = (cb?: (err?: Error) => void) => {
    sockets.forEach((s) => s.destroy());
    return close(cb);
  };
  return { server, port: (server.address() as { port: number }).port, received: () => received };
}

describe('over RELP, a server that accepts the connection and never answers: close() ends on time, memory stays bounded', function () {
  this.timeout(60_000);

  it('the session is opened, then no record is ever acknowledged: at most the queue bound is held, close() counts the rest', async () => {
    const { server, port, received } = await silentServer(true);
    try {
      const { logger, transport, warnings } = sequencedLogger({
        protocol: 'relp',
        host: '127.0.0.1',
        port,
        maxQueueRecords: 1000,
        closeTimeoutMs: 1000,
        relpWindow: 128,
      });
      const connected = new Promise((resolve) => transport.once('connect', resolve));
      logger.info('never acknowledged', { i: 0 });
      await connected;
      const heapBefore = process.memoryUsage().heapUsed;
      for (let i = 1; i < 50_000; i++) {
        logger.info('never acknowledged', { i });
        if (i % 1000 === 0) await sleep(1);
      }
      await sleep(200);
      const during = transport.stats();
      expect(during.sent).to.equal(0);
      // the window (128) went out first; drop-oldest then dropped those records from the full queue
      expect(during.inFlight).to.be.at.most(128);
      expect(during.queued + during.inFlight).to.equal(1000, 'unacknowledged records count against maxQueueRecords');
      // + the transport's own "dropped N records" report record, which is queued like any other
      expect(during.drops.queueFull).to.be.within(50_000 - 1000, 50_000 - 1000 + 2);
      expect(received()).to.be.below(128 * 300, 'only the window was written');
      // the queue bound, not the number of records logged, bounds memory (1000 records of ~150 bytes)
      expect(process.memoryUsage().heapUsed - heapBefore).to.be.below(32 * 1024 * 1024);

      const started = Date.now();
      await transport.close();
      const closeMs = Date.now() - started;
      const stats = transport.stats();
      console.log(`      close() took ${closeMs} ms; dropped ${JSON.stringify(stats.drops)}`);
      expect(closeMs).to.be.below(10_000);
      expect(stats.sent).to.equal(0);
      expect(stats.drops.closed).to.equal(1000, 'what was never acknowledged is counted');
      expect(stats.sent + stats.dropped).to.equal(during.drops.queueFull + 1000);
      expect(warnings).to.deep.equal([]);
    } finally {
      server.close();
    }
  });

  it('the server never even answers the open: connectTimeoutMs ends each attempt, close() still ends on time', async () => {
    const { server, port } = await silentServer(false);
    try {
      const { logger, transport, warnings } = sequencedLogger({
        protocol: 'relp',
        host: '127.0.0.1',
        port,
        connectTimeoutMs: 500,
        closeTimeoutMs: 1000,
      });
      for (let i = 0; i < 10; i++) logger.info('nobody answers');
      await sleep(1500);
      expect(warnings[0]?.message).to.match(/no answer to the RELP open within 500 ms/);
      const started = Date.now();
      await transport.close();
      expect(Date.now() - started).to.be.below(10_000);
      expect(transport.stats()).to.include({ sent: 0, dropped: 10 });
      expect(transport.stats().drops.closed).to.equal(10);
    } finally {
      server.close();
    }
  });

  it('after relpTimeoutMs without an answer the connection counts as dead: reconnect, resend', async () => {
    const { server, port, received } = await silentServer(true);
    try {
      const { logger, transport, warnings } = sequencedLogger({
        protocol: 'relp',
        host: '127.0.0.1',
        port,
        relpTimeoutMs: 300,
        reconnectMinMs: 50,
        reconnectMaxMs: 100,
        closeTimeoutMs: 200,
      });
      for (let i = 0; i < 5; i++) logger.info('waits for an answer');
      await sleep(1500);
      const stats = transport.stats();
      expect(warnings[0]?.message).to.match(/no RELP answer from relp:127\.0\.0\.1:\d+ within 300 ms \(5 record\(s\) waiting\)/);
      expect(stats.reconnects).to.be.at.least(1);
      expect(stats).to.include({ sent: 0, dropped: 0 });
      expect(received()).to.be.above(2 * 5 * 40, 'the 5 records were written again on the new connection');
      await transport.close();
      expect(transport.stats().drops.closed).to.equal(5);
    } finally {
      server.close();
    }
  });

  describe('a real rsyslogd stopped with SIGSTOP', () => {
    let rsyslog: Rsyslog | undefined;
    afterEach(async () => {
      if (rsyslog?.running) process.kill(rsyslog.pid, 'SIGCONT');
      await rsyslog?.stop();
    });

    it('close() ends within closeTimeoutMs, counting the unacknowledged records; after SIGCONT the acknowledged ones are stored', async () => {
      rsyslog = await startRsyslog({ relp: true });
      const { logger, transport } = sequencedLogger({
        protocol: 'relp',
        host: '127.0.0.1',
        port: rsyslog.relpPort,
        closeTimeoutMs: 1000,
      });
      for (let i = 0; i < 100; i++) logger.info('before the stop');
      await rsyslog.waitForCount(100);
      await sleep(200);
      process.kill(rsyslog.pid, 'SIGSTOP');
      await stopped(rsyslog.pid);
      for (let i = 0; i < 1000; i++) logger.info('while stopped');
      await sleep(200);
      const started = Date.now();
      await transport.close();
      const closeMs = Date.now() - started;
      const stats = transport.stats();
      process.kill(rsyslog.pid, 'SIGCONT');
      console.log(`      close() took ${closeMs} ms; sent ${stats.sent}, dropped ${JSON.stringify(stats.drops)}`);
      expect(closeMs).to.be.below(10_000);
      expect(stats.sent).to.equal(100);
      expect(stats.drops.closed).to.equal(1100 - stats.sent);
      // rsyslogd may still store what sat in its socket: counted as dropped, it can arrive anyway
      await sleep(1000);
      expect(await rsyslog.countRecords()).to.be.within(stats.sent, 1100);
    });
  });
});
