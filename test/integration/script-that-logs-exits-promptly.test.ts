import { expect } from 'chai';
import { spawn } from 'child_process';
import { join } from 'path';
import type { SyslogTransportOptions } from '../../lib';
import { startRsyslog } from '../helpers/rsyslog';
import { TARGETS } from './targets';

const SCRIPT = join(__dirname, '..', 'fixtures', 'log-and-end.js');

/** Runs the script; resolves with how long it lived after its last log call. */
function lingerMs(options: SyslogTransportOptions, mode: 'end' | 'no-end'): Promise<number> {
  const child = spawn(process.execPath, [SCRIPT, JSON.stringify(options), mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve, reject) => {
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      const exited = Date.now();
      if (code !== 0) return reject(new Error(`script exited with ${code ?? signal}`));
      resolve(exited - Number(out.trim()));
    });
  });
}

describe('a script that logs and ends exits within a second, with and without a daemon', function () {
  this.timeout(60_000);
  const cases = [TARGETS.unix, TARGETS.unixStream, TARGETS.udp4, TARGETS.tcp4, TARGETS.tls];
  for (const target of cases) {
    it(`${target.name}, daemon listening: logger.end() flushes and exits`, async () => {
      const rsyslog = await startRsyslog(target.input);
      try {
        const linger = await lingerMs(target.options(rsyslog), 'end');
        expect(linger).to.be.below(1000);
        expect(await rsyslog.waitForCount(10)).to.have.length(10);
      } finally {
        await rsyslog.stop();
      }
    });

    it(`${target.name}, daemon listening: no logger.end(), the transport does not hold the process`, async () => {
      const rsyslog = await startRsyslog(target.input);
      try {
        const linger = await lingerMs(target.options(rsyslog), 'no-end');
        expect(linger).to.be.below(1000);
        expect(await rsyslog.waitForCount(10)).to.have.length(10);
      } finally {
        await rsyslog.stop();
      }
    });
  }

  const absent: Array<[string, SyslogTransportOptions]> = [
    ['unix, no socket file', { protocol: 'unix', path: '/nonexistent/winston-rfc5424.sock' }],
    ['unix-stream, no socket file', { protocol: 'unix-stream', path: '/nonexistent/winston-rfc5424.sock' }],
    ['tcp, nothing listening', { protocol: 'tcp', host: '127.0.0.1', port: 9 }],
    ['tls, nothing listening', { protocol: 'tls', host: '127.0.0.1', port: 9 }],
    ['udp, nothing listening', { protocol: 'udp', host: '127.0.0.1', port: 9 }],
  ];
  for (const [name, options] of absent) {
    for (const mode of ['end', 'no-end'] as const) {
      it(`${name}: ${mode === 'end' ? 'logger.end()' : 'no logger.end()'} still exits promptly`, async () => {
        const linger = await lingerMs(options, mode);
        console.log(`      exited ${linger} ms after its last log call`);
        expect(linger).to.be.below(1000);
      });
    }
  }
});
