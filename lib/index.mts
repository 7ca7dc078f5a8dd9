/**
 * The ES module entry ("import" in package.json's exports): the CommonJS build re-exported, so one
 * copy of the code is loaded whether the package is reached by import or by require, and
 * `instanceof` holds across both. `import SyslogTransport from` gives the class itself.
 */
import { SyslogTransport } from './index.js';

export { SyslogTransport };
export type { TransportStats, SyslogTransportOptions, TlsOptions, Protocol, SeverityName, DeliveryStats, DropReason, DropReport } from './index.js';
export default SyslogTransport;
