/** Many random records through the full round-trip check. FUZZ_RUNS sets the count (default 100000). */
import * as fc from 'fast-check';
import * as arb from './arbitraries';
import { checkRoundTrip, cutCounts } from './round-trip';

const runs = Number(process.env.FUZZ_RUNS ?? 100000);

describe('fuzz', () => {
  it(`${runs} random records and options round-trip`, function () {
    this.timeout(180000);
    const started = Date.now();
    // No shrinking: with records this large it can take minutes. The report carries the seed and
    // the failing record; the property tests shrink their smaller cases.
    fc.assert(fc.property(arb.options, arb.record, checkRoundTrip), { numRuns: runs, endOnFailure: true });
    console.log(`      fuzz: ${runs} records in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    // Counts over every record checked in this process (the property tests' too, when run together).
    const c = cutCounts;
    console.log(
      `      cuts: ${c.truncated} of ${c.records} records cut, ${c.valuesCut} with PARAM-VALUEs cut, ` +
        `${c.elementsDropped} with an SD-ELEMENT dropped, ${c.metadataElementDropped} losing the metadata element`,
    );
  });
});
