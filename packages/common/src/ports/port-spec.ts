/**
 * Port specifications: `well-known` (default), `all`, `top-N`, explicit lists and ranges,
 * with nmap-style `T:`/`U:` prefixes that apply to the items after them
 * (`T:1-1024,U:53,123,161` scans UDP 53, 123 and 161). Named lists mix with explicit items.
 */
import { FarsightError } from '../errors.ts';
import { WELL_KNOWN_TCP, WELL_KNOWN_UDP } from './well-known.ts';
import { topPorts } from './top-ports.ts';

/** Sorted, unique TCP and UDP port numbers. */
export interface PortSet {
  tcp: number[];
  udp: number[];
}

/** The spec used when none is given. */
export const DEFAULT_PORT_SPEC = 'well-known';

type Proto = 'tcp' | 'udp' | undefined;

const NUMBER = /^\d+$/;

function fail(spec: string, item: string, why: string): FarsightError {
  const where = item === spec ? `port spec '${spec}'` : `port spec '${item}' (in '${spec}')`;
  return new FarsightError('PORT_SPEC_INVALID', `${where}: ${why}`);
}

function port(spec: string, item: string, text: string): number {
  if (!NUMBER.test(text)) throw fail(spec, item, `'${text}' is not a port number; write a number 1-65535`);
  const n = Number(text);
  if (n < 1 || n > 65535) throw fail(spec, item, `port ${text} is out of range; ports are 1-65535`);
  return n;
}

/**
 * Parses a port spec to sorted, unique TCP and UDP lists. Throws PORT_SPEC_INVALID naming
 * the bad item and saying what to write instead.
 */
export function parsePortSpec(spec: string): PortSet {
  const tcp = new Uint8Array(65536);
  const udp = new Uint8Array(65536);
  const addAll = (bits: Uint8Array, ports: readonly number[]): void => { for (const p of ports) bits[p] = 1; };
  const trimmed = spec.trim();
  if (trimmed === '') throw new FarsightError('PORT_SPEC_INVALID', "port spec is empty; write e.g. 'well-known', 'top-1000' or '22,80,8000-8100,U:53'");
  let proto: Proto;
  for (const rawItem of trimmed.split(',')) {
    let item = rawItem.trim();
    const shown = item === '' ? rawItem : item;
    const prefix = /^([a-zA-Z]):/.exec(item);
    if (prefix) {
      const letter = (prefix[1] ?? '').toUpperCase();
      if (letter === 'T') proto = 'tcp';
      else if (letter === 'U') proto = 'udp';
      else throw fail(trimmed, shown, `protocol prefix '${prefix[0]}' is not supported; use T: for TCP or U: for UDP`);
      item = item.slice(2).trim();
    }
    if (item === '') {
      throw prefix
        ? fail(trimmed, shown, `'${prefix[0]}' has no ports after it; write e.g. ${prefix[0]}53`)
        : fail(trimmed, trimmed, 'empty item (a comma at the start or end, or two in a row); remove the extra comma');
    }
    const target = proto === 'udp' ? udp : tcp;
    const lower = item.toLowerCase();
    if (lower === 'well-known') {
      if (proto !== 'udp') addAll(tcp, WELL_KNOWN_TCP);
      if (proto !== 'tcp') addAll(udp, WELL_KNOWN_UDP);
    } else if (lower === 'all') {
      target.fill(1, 1);
    } else if (lower.startsWith('top-')) {
      if (proto === 'udp') throw fail(trimmed, shown, 'top-N ranks TCP ports only; for UDP write U:well-known or explicit ports');
      const nText = lower.slice(4);
      if (!NUMBER.test(nText) || Number(nText) < 1 || Number(nText) > 65535) {
        throw fail(trimmed, shown, `'${nText}' is not a count 1-65535; write e.g. top-100 or top-1000`);
      }
      addAll(tcp, topPorts(Number(nText)));
    } else if (item.includes('-')) {
      const parts = item.split('-');
      if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
        throw fail(trimmed, shown, `'${item}' is not a range; write start-end, e.g. 8000-8100`);
      }
      const lo = port(trimmed, shown, (parts[0] ?? '').trim());
      const hi = port(trimmed, shown, (parts[1] ?? '').trim());
      if (hi < lo) throw fail(trimmed, shown, `range ends before it starts; write ${hi}-${lo}`);
      target.fill(1, lo, hi + 1);
    } else if (NUMBER.test(item)) {
      target[port(trimmed, shown, item)] = 1;
    } else {
      throw fail(trimmed, shown, `'${item}' is not a port, a range (a-b), a T:/U: prefix or a list name (well-known, all, top-N)`);
    }
  }
  const collect = (bits: Uint8Array): number[] => {
    const out: number[] = [];
    for (let p = 1; p <= 65535; p++) if (bits[p] === 1) out.push(p);
    return out;
  };
  return { tcp: collect(tcp), udp: collect(udp) };
}

/** Compresses sorted unique ports into `a-b,c` form. */
export function compressPorts(ports: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < ports.length; ) {
    let j = i;
    while (j + 1 < ports.length && (ports[j + 1] as number) === (ports[j] as number) + 1) j++;
    parts.push(i === j ? String(ports[i]) : `${ports[i]}-${ports[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** The explicit spec (`T:…,U:…`) that parses back to exactly this set; '' for an empty set. */
export function formatPortSpec(set: PortSet): string {
  const parts: string[] = [];
  if (set.tcp.length > 0) parts.push(`T:${compressPorts(set.tcp)}`);
  if (set.udp.length > 0) parts.push(`U:${compressPorts(set.udp)}`);
  return parts.join(',');
}

/** A short human description, e.g. `1000 TCP ports (1-1000), 3 UDP ports (53,123,161)`. */
export function describePortSpec(set: PortSet, maxChars = 60): string {
  const one = (n: number, proto: string, ports: readonly number[]): string => {
    let list = compressPorts(ports);
    if (list.length > maxChars) list = `${list.slice(0, list.lastIndexOf(',', maxChars) + 1)}…`;
    return `${n} ${proto} port${n === 1 ? '' : 's'} (${list})`;
  };
  const parts: string[] = [];
  if (set.tcp.length > 0) parts.push(one(set.tcp.length, 'TCP', set.tcp));
  if (set.udp.length > 0) parts.push(one(set.udp.length, 'UDP', set.udp));
  return parts.length > 0 ? parts.join(', ') : 'no ports';
}
