import { expect } from 'chai';
import { execFile } from 'child_process';
import { chmodSync, existsSync } from 'fs';
import { join } from 'path';
import { startRsyslog } from '../helpers/rsyslog';
import { TARGETS } from './targets';

const WORKER = join(__dirname, '..', 'fixtures', 'log-burst.js');
const SETPRIV = '/usr/bin/setpriv';

/**
 * Runs the log-burst worker without the capabilities that let root ignore file modes, so a socket
 * of mode 000 refuses it, as a root-only socket refuses an application's user. (It stays uid 0:
 * user nobody could not read the checkout itself when it lies under a private directory.)
 */
function runWithoutFileOverride(options: object): Promise<{ stats: { queued: number; sent: number; drops: { closed: number } }; warnings: string[] }> {
  const args = ['--bounding-set=-dac_override,-dac_read_search', process.execPath, WORKER, JSON.stringify(options), '5'];
  return new Promise((resolve, reject) => {
    execFile(SETPRIV, args, { timeout: 20_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout));
    });
  });
}

describe('permission denied on the socket: a clear warning, no crash', function () {
  this.timeout(60_000);
  before(function () {
    if (process.getuid?.() !== 0 || !existsSync(SETPRIV)) this.skip(); // needs root, to drop its capabilities
  });

  for (const target of [TARGETS.unix, TARGETS.unixStream]) {
    it(`${target.name}: EACCES is reported as a 'warn' event naming the socket`, async () => {
      const rsyslog = await startRsyslog(target.input);
      const options = { ...target.options(rsyslog), closeTimeoutMs: 200 };
      try {
        chmodSync(options.path!, 0o000);
        const result = await runWithoutFileOverride(options);
        expect(result.warnings).to.have.length(1);
        expect(result.warnings[0]).to.contain('EACCES').and.to.contain(options.path);
        expect(result.stats.sent).to.equal(0);
        expect(result.stats.drops.closed).to.equal(5, 'what could not be delivered by close is counted');
      } finally {
        await rsyslog.stop();
      }
    });
  }
});
