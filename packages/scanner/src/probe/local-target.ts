/**
 * Which probes can meet our own sockets: a connect to one of this machine's addresses whose
 * destination port lies in the ephemeral range can self-connect or cross another probe's SYN.
 */
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';

/** The kernel's ephemeral port range (Linux /proc), or the widest plausible range elsewhere. */
export function ephemeralRange(): [number, number] {
  try {
    const m = /^\s*(\d+)\s+(\d+)/.exec(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8'));
    if (m !== null) return [Number(m[1]), Number(m[2])];
  } catch {
    // Not Linux: fall through.
  }
  return [1024, 65535];
}

/** This machine's interface addresses (lower case), read once by the engine: getifaddrs is not free. */
export function interfaceAddresses(): Set<string> {
  const out = new Set<string>();
  for (const list of Object.values(networkInterfaces())) for (const info of list ?? []) out.add(info.address.toLowerCase());
  return out;
}

/** True for loopback (127.0.0.0/8, ::1, IPv4-mapped loopback), unspecified, and this machine's interface addresses. */
export function isLocalAddress(address: string, interfaces: ReadonlySet<string>): boolean {
  const a = address.toLowerCase();
  if (a.startsWith('127.') || a === '::1' || a.startsWith('::ffff:127.') || a === '0.0.0.0' || a === '::') return true;
  return interfaces.has(a);
}
