// Type-checked only (a bundler would build it): default and named imports, typed options.
import winston from 'winston';
import SyslogTransport, { SyslogTransport as Named, type SyslogTransportOptions } from 'winston-rfc5424';

const options: SyslogTransportOptions = { protocol: 'udp', host: '127.0.0.1', port: 514 };
const transport: Named = new SyslogTransport(options);
winston.createLogger({ transports: [transport] });
