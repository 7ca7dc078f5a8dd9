/**
 * A worker process for the relay tests: logs COUNT records through the transport at RATE records
 * per second (in 10 ms ticks, so the stream lasts COUNT / RATE seconds), then ends the logger and
 * prints the transport's counters as one JSON line, like fixtures/log-burst.ts does for a burst.
 * Usage: node steady-worker.js '<transport options JSON>' COUNT RATE
 */
import { runWorker } from '../../fixtures/worker-main';

const TICK_MS = 10;
const count = Number(process.argv[3]);
const rate = Number(process.argv[4]);

runWorker(JSON.parse(process.argv[2]), async (logger) => {
  const started = Date.now();
  let logged = 0;
  while (logged < count) {
    // Catch up with the schedule: a slow tick does not lower the rate.
    const due = Math.min(count, Math.floor(((Date.now() - started) * rate) / 1000));
    while (logged < due) logger.info('relay record', { n: ++logged });
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
});
