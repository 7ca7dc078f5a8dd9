/**
 * Octet-counting framing (RFC 6587 section 3.4.1, RFC 5425 section 4.3): "MSG-LEN SP SYSLOG-MSG".
 * All records of a batch go into one buffer, so a busy stream writes many frames per syscall.
 */
export function frameRecords(records: readonly Buffer[]): Buffer {
  const prefixes = records.map((record) => `${record.length} `);
  let total = 0;
  for (let i = 0; i < records.length; i++) total += prefixes[i].length + records[i].length;
  const out = Buffer.allocUnsafe(total);
  let offset = 0;
  for (let i = 0; i < records.length; i++) {
    offset += out.write(prefixes[i], offset, 'latin1');
    offset += records[i].copy(out, offset);
  }
  return out;
}
