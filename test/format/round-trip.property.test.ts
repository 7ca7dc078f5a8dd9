/** Properties over generated records: every record parses, fits, and decodes to what was given. */
import { expect } from 'chai';
import * as fc from 'fast-check';
import { createFormatter, parseRecord } from '../../lib/format';
import * as arb from './arbitraries';
import { checkRoundTrip } from './round-trip';

// Shrinking big records can run for minutes; past this limit the test fails with what it has.
const RUN = { numRuns: 2000, interruptAfterTimeLimit: 30000, markInterruptAsFailure: true };

describe('round trip (property tests)', () => {
  it('header fields decode to the sanitised options', () => {
    fc.assert(
      fc.property(arb.options, fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 7), (options, severity) =>
        checkRoundTrip(options, { severity, time: new Date(), message: 'm' }),
      ),
      RUN,
    );
  });

  it('metadata and structuredData decode to the model when nothing is cut', () => {
    fc.assert(
      fc.property(arb.record, (record) => checkRoundTrip({ maxRecordBytes: 1 << 20 }, record)),
      RUN,
    );
  });

  it('long messages and elements are cut the documented way', () => {
    fc.assert(
      fc.property(arb.options, arb.record, arb.longText, (options, record, message) =>
        checkRoundTrip({ ...options, maxRecordBytes: 1024 }, { ...record, message }),
      ),
      RUN,
    );
  });

  it('any value at all (fc.anything) in metadata, structuredData and msgId gives a valid record', () => {
    const format = createFormatter({ maxRecordBytes: 2048 });
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.anything()), fc.anything(), (metadata, sd) => {
        const record = {
          severity: 6 as const,
          time: new Date(),
          message: 'm',
          metadata,
          structuredData: { any: metadata, other: sd as Record<string, unknown> },
        };
        const { bytes } = format(record);
        expect(bytes.length).to.be.at.most(2048);
        parseRecord(bytes);
      }),
      RUN,
    );
  });
});
