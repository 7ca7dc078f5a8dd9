import { expect } from 'chai';
import { frameRecords } from '../../lib/senders/octet-framing';

describe('octet-counting framing (RFC 6587 3.4.1)', () => {
  it('prefixes each record with its length in octets and a space', () => {
    const framed = frameRecords([Buffer.from('<14>1 - - - - - - a'), Buffer.from('<14>1 - - - - - - é')]);
    expect(framed.toString('utf8')).to.equal('19 <14>1 - - - - - - a20 <14>1 - - - - - - é');
  });

  it('counts octets, not characters, and keeps embedded newlines inside the frame', () => {
    const record = Buffer.from('line1\nline2 ✓');
    const framed = frameRecords([record]);
    expect(framed.subarray(0, 3).toString()).to.equal(`${record.length} `);
    expect(framed.subarray(3).equals(record)).to.equal(true);
  });
});
