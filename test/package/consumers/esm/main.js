import assert from 'node:assert';
import { createRequire } from 'node:module';
import winston from 'winston';
import SyslogTransport, { SyslogTransport as Named } from 'winston-rfc5424';

const required = createRequire(import.meta.url)('winston-rfc5424').SyslogTransport;
assert.strictEqual(typeof SyslogTransport, 'function', 'the default import is the class');
assert.strictEqual(SyslogTransport, Named, 'default and named imports give the same class');
assert.strictEqual(SyslogTransport, required, 'import and require() load one copy of the code');
const transport = new SyslogTransport({ protocol: 'unix-stream', path: process.env.SYSLOG_SOCKET, appName: 'consumer' });
assert.ok(transport instanceof required, 'instanceof holds across import and require()');
const logger = winston.createLogger({ transports: [transport] });
logger.info('esm: hello');
logger.end();
