/** Proves from rsyslog's files that no record was lost or duplicated: see verify-files.ts. */
export { verifyFiles } from './verify-files';
export { formatReport, formatRanges } from './format-report';
export { VerifyInputError } from './errors';
export { SEQUENCE_MAX } from './sequence';
export type {
  BadLine,
  DuplicateExample,
  FileReport,
  LineLocation,
  SequenceRange,
  StreamReport,
  UnseenExpectation,
  VerifyOptions,
  VerifyReport,
} from './types';
