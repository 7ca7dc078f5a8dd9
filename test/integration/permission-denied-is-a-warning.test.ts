import { expect } from 'chai';
import { execFile } from 'child_process';
import { existsSync } from 'fs';
import { join } from 'path';
import { startRsyslog } from '../helpers/rsyslog';
import { TARGETS } from './targets';

const WORKER = join(__dirname, '..', 'fixtures', 'log-burst.js');
const SETPRIV = '/usr/bin/setpriv';

/** Runs the log-burst worker as user nobody, who may not open the daemon's root-only socket. */
function runAsNobody(options: object): Promise<{ stats: { queued: number; sent: number; drops: { closed: number } }; warnings: string[] }> {
  const args = ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, WORKER, JSON.stringify(options), '5'];
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
    if (process.getuid?.() !== 0 || !existsSync(SETPRIV)) this.skip(); // needs root to drop to nobody
  });

  for (const target of [TARGETS.unix, TARGETS.unixStream]) {
    it(`${target.name}: EACCES is reported as a 'warn' event naming the socket`, async () => {
      const rsyslog = await startRsyslog(target.input); // its temp dir is root-only (0700)
      const options = { ...target.options(rsyslog), closeTimeoutMs: 200 };
      try {
        const result = await runAsNobody(options);
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
