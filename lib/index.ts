export { SyslogTransport } from './transport';
export type { TransportStats } from './transport';
export type { SyslogTransportOptions, TlsOptions, Protocol, SeverityName } from './options';
export type { DeliveryStats, DropReason, DropReport } from './delivery/delivery';
