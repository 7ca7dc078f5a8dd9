/**
 * Worker processes log a burst and call logger.end() while rsyslogd is being restarted: close()
 * keeps reconnecting and delivers the queue once the daemon is back, instead of giving up at once
 * (issue 12: 97,451 of 100,000 records were lost over unix this way).
 */
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { formatReport, verifyFiles } from '../../lib/verify';
import { Rsyslog, startRsyslog } from '../helpers/rsyslog';
import { runWorkerScripts } from './run-workers';
import { waitForQuiet } from './steady-logger';
import { TARGETS } from './targets';

const WORKER = join(__dirname, '..', 'fixtures', 'log-burst-once-connected.js');
const PROCESSES = 2;
const PER_PROCESS = 50_000;
/** The kernel holds max_dgram_qlen + 1 datagrams for a Unix socket; they die with the daemon. */
const KERNEL_HELD = Number(readFileSync('/proc/sys/net/unix/max_dgram_qlen', 'utf8')) + 1;

/** As in daemon-restart-mid-stream-resumes: per connection, the kernel's buffers. */
const STREAM_HELD = 2000;

async function untilCount(rsyslog: Rsyslog, n: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while ((await rsyslog.countRecords()) < n) {
    if (Date.now() > deadline) throw new Error(`fewer than ${n} records reached rsyslogd within 20 s`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('a worker ending during a daemon restart delivers its queue', function () {
  this.timeout(180_000);
  for (const target of [TARGETS.unix, TARGETS.unixStream, TARGETS.tcp4]) {
    it(`over ${target.name}, ${PROCESSES} processes of ${PER_PROCESS} records, daemon down 2 s`, async () => {
      const rsyslog = await startRsyslog(target.input);
      try {
        // closeTimeoutMs is the default (2000): the daemon is back within it.
        const go = join(rsyslog.dir, 'go');
        const workers = runWorkerScripts(WORKER, [JSON.stringify(target.options(rsyslog)), String(PER_PROCESS), go], PROCESSES);
        // One record per worker: all connected (a worker that never reached a daemon gives up at
        // close, by design). Then all bursts start, and the daemon stops in the middle of them.
        await untilCount(rsyslog, PROCESSES);
        writeFileSync(go, '');
        await untilCount(rsyslog, PROCESSES + 1000);
        await rsyslog.restart({ downMs: 2000 });
        const results = await workers;
        // Everything the workers logged is in the daemon's hands once they exited; let it write.
        const expectedTotal = PROCESSES * PER_PROCESS;
        await waitForQuiet(rsyslog);
        const expected = Object.fromEntries(results.map((w) => [String(w.pid), PER_PROCESS]));
        const report = await verifyFiles([join(rsyslog.dir, 'records.log')], { expected, minStreams: PROCESSES });
        const stats = results.map((w) => w.stats);
        const sum = (f: (s: (typeof stats)[number]) => number): number => stats.reduce((a, s) => a + f(s), 0);
        console.log(
          `      logged ${expectedTotal}, missing ${report.missing}, duplicates ${report.duplicates}; ` +
            `sent ${sum((s) => s.sent)}, drops ${JSON.stringify(stats.map((s) => s.drops))}, ` +
            `reconnects ${sum((s) => s.reconnects)}, exit after ${results.map((w) => w.exitMs).join('/')} ms`,
        );

        for (const s of stats) expect(s.reconnects).to.equal(1, 'every worker was cut off by the restart and came back');
        expect(sum((s) => s.drops.closed)).to.equal(0, 'close() gave up on records although the daemon came back');
        expect(sum((s) => s.drops.queueFull)).to.equal(0);
        expect(report.duplicates, formatReport(report)).to.equal(0);
        expect(report.outOfOrder, formatReport(report)).to.equal(0);
        // What may be lost: what the kernel (Unix datagram) or the dead connection (stream) held for
        // the daemon that was stopped, per process, and nothing else.
        // Unix datagram: max_dgram_qlen + 1 records. Stream sockets: what sat in the kernel's socket
        // buffers, unread, plus at most the one record a partial write cut, whose rest node was
        // writing (connectionLost): the transport writes to the fd, so the rest stayed queued.
        const bound = target === TARGETS.unix ? KERNEL_HELD : STREAM_HELD;
        for (const s of stats) expect(s.drops.connectionLost).to.be.at.most(s.reconnects, 'one record at most per broken connection');
        for (const stream of report.streams) expect(stream.missing, formatReport(report)).to.be.at.most(bound);
        expect(report.missing).to.be.at.least(sum((s) => s.dropped), 'a counted drop is a record that did not arrive');
      } finally {
        await rsyslog.stop();
      }
    });
  }
});
