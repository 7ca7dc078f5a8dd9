/** Public pieces of the RFC 5424 formatting layer. */
export type { Severity, SdParams, StructuredData, SyslogRecord, FormattedRecord } from './types';
export { FACILITIES, facilityCode, type Facility } from './facilities';
export { SEVERITIES, createLevelMapper, type LevelMapper } from './levels';
export { createFormatter, createRecordWriter, type Formatter } from './record';
export type { FormatterOptions } from './options';
export type { TimestampMode } from './timestamp';
export { createInfoMapper, type InfoMapperOptions, type WinstonInfo } from './info';
export { parseRecord, parseLine, Rfc5424ParseError, type ParsedRecord, type ParsedSdElement, type ParseOptions } from './parse';
