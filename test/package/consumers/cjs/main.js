'use strict';
const assert = require('node:assert');
const winston = require('winston');
const pkg = require('winston-rfc5424');
const { SyslogTransport } = pkg;

assert.strictEqual(typeof SyslogTransport, 'function', 'require() gives the class as a named export');
assert.ok(!('default' in pkg), 'no synthetic default that ESM tools could misread');
const transport = new SyslogTransport({ protocol: 'unix-stream', path: process.env.SYSLOG_SOCKET, appName: 'consumer' });
const logger = winston.createLogger({ transports: [transport] });
logger.info('cjs: hello');
logger.end();
