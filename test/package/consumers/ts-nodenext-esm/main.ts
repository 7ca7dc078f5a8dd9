import assert from 'node:assert';
import winston from 'winston';
import SyslogTransport, { SyslogTransport as Named, type SyslogTransportOptions, type TransportStats } from 'winston-rfc5424';

const options: SyslogTransportOptions = { protocol: 'unix-stream', path: process.env.SYSLOG_SOCKET!, appName: 'consumer' };
const transport: Named = new SyslogTransport(options);
assert.strictEqual(SyslogTransport, Named);
const logger = winston.createLogger({ transports: [transport] });
logger.info('ts-nodenext-esm: hello');
const stats: TransportStats = transport.stats();
assert.strictEqual(typeof stats.sent, 'number');
logger.end();
