/**
 * TCP ports some other program on this machine listens on at a wildcard address (0.0.0.0 or
 * ::). Every 127.x.y.z answers on them, so scan assertions must leave them out: they are not
 * labnet's and not ours (a system service on port 2024 has been seen on these machines).
 */
import { readFileSync } from 'node:fs';

/** Ports in LISTEN state bound to a wildcard address, read from /proc/net/tcp{,6}. */
export function wildcardListeningPorts(): Set<number> {
  const ports = new Set<number>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try { text = readFileSync(file, 'utf8'); } catch { continue; }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const local = cols[1];
      if (!local || cols[3] !== '0A') continue; // 0A = LISTEN
      const [addr, portHex] = local.split(':');
      if (addr && /^0+$/.test(addr) && portHex) ports.add(parseInt(portHex, 16));
    }
  }
  return ports;
}
