/**
 * The kernel's view of a local UDP socket, from /proc/net/udp{,6}: how many bytes wait in its
 * receive queue and how many datagrams it dropped because that queue was full. Linux only.
 */
import { readFileSync } from 'fs';

export interface UdpSocketState {
  /** sk_rmem_alloc: bytes (truesize, so about 3x the payload of small datagrams) queued to the reader. */
  rxQueue: number;
  /** Datagrams the kernel dropped for this socket. */
  drops: number;
}

/** The bound socket on `port` (the rsyslog input), or undefined when none is found. */
export function udpSocketState(port: number, ipv6 = false): UdpSocketState | undefined {
  const table = readFileSync(ipv6 ? '/proc/net/udp6' : '/proc/net/udp', 'latin1');
  const suffix = ':' + port.toString(16).toUpperCase().padStart(4, '0');
  for (const line of table.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 13 || !fields[1].endsWith(suffix) || fields[2].slice(-5) !== ':0000') continue;
    const [, rx] = fields[4].split(':');
    return { rxQueue: parseInt(rx, 16), drops: Number(fields[fields.length - 1]) };
  }
  return undefined;
}
