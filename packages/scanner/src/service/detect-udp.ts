/**
 * UDP service detection: protocol payloads for DNS (53), SNMP (161) and NTP (123), an empty
 * datagram elsewhere. An answer means open; ICMP port unreachable (ECONNREFUSED on a
 * connected socket) means closed; silence means open|filtered. Each port has a deadline.
 */
import { createSocket } from 'node:dgram';
import { isIP } from 'node:net';
import type { ServiceResult } from '../types.ts';
import { Deadline } from './conn.ts';
import { buildVersionBindQuery, parseDnsReply } from './dns-packet.ts';
import { KEYS } from './match-keys.ts';
import { buildNtpClient, buildNtpReadvar, joinFragments, parseNtpControl, parseNtpServer, type NtpControlFragment } from './ntp-packet.ts';
import { resolveOptions, type DetectOptions, type ResolvedOptions } from './options.ts';
import { addEvidence, matchInto, mergeParams, projectParams } from './result.ts';
import { buildSnmpGet, parseSnmpReply, SYS_DESCR, SYS_OBJECT_ID } from './snmp-packet.ts';
import { printable } from './text.ts';

/** Ports probed at once; UDP probes are cheap but sockets are not free. */
const PARALLEL = 16;
/** Datagrams kept per port (a reflector could send many). */
const MAX_DATAGRAMS = 16;

/** Probes each UDP port and returns one result per port, in the given order. Never throws for network reasons. */
export async function detectUdpServices(address: string, ports: number[], options: DetectOptions): Promise<ServiceResult[]> {
  const opts = resolveOptions(options);
  const out: ServiceResult[] = new Array<ServiceResult>(ports.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < ports.length; i = next++) out[i] = await probeUdp(address, ports[i] ?? 0, opts);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, ports.length) }, worker));
  return out;
}

/** UDP protocols we have payloads for; `generic` gets an empty datagram. */
export type UdpKind = 'dns' | 'snmp' | 'ntp' | 'generic';

/** The protocol a UDP port is probed as (IANA assignments). */
export function udpKind(port: number): UdpKind {
  return port === 53 ? 'dns' : port === 161 ? 'snmp' : port === 123 ? 'ntp' : 'generic';
}

/** The datagrams we send for a protocol. */
export function udpPayloads(kind: UdpKind, id: number): Buffer[] {
  switch (kind) {
    case 'dns': return [buildVersionBindQuery(id)];
    case 'snmp': return [buildSnmpGet(1, 'public', id, [SYS_DESCR, SYS_OBJECT_ID]), buildSnmpGet(0, 'public', id + 1, [SYS_DESCR, SYS_OBJECT_ID])];
    case 'ntp': return [buildNtpClient(), buildNtpReadvar(id)];
    case 'generic': return [Buffer.alloc(0)];
  }
}

/** Probes one UDP port as `kind` (tests use non-standard ports with an explicit kind). */
export async function probeUdp(address: string, port: number, options: DetectOptions, kind: UdpKind = udpKind(port)): Promise<ServiceResult> {
  const opts = resolveOptions(options);
  const result: ServiceResult = { port, protocol: 'udp', state: 'open|filtered', name: 'unknown', evidence: [] };
  const family = isIP(address);
  if (family === 0) return { ...result, note: `not an IP address: ${address}; resolve it before detection` };
  try {
    opts.assertInScope(address);
  } catch (e) {
    return { ...result, note: `not sending: ${e instanceof Error ? e.message : String(e)}` };
  }
  const deadline = new Deadline(Math.min(opts.totalTimeoutMs, opts.readTimeoutMs * 2));
  const socket = createSocket(family === 6 ? 'udp6' : 'udp4');
  const got: Buffer[] = [];
  let refused = false;
  let wake: (() => void) | undefined;
  let bytes = 0;
  socket.on('message', (msg) => {
    if (got.length >= MAX_DATAGRAMS || bytes + msg.length > opts.maxBytes) return;
    bytes += msg.length;
    got.push(msg);
    wake?.();
  });
  socket.on('error', (e: Error & { code?: string }) => {
    if (e.code === 'ECONNREFUSED') refused = true;
    wake?.();
  });
  try {
    const connected = await new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(false), deadline.cap(opts.connectTimeoutMs));
      socket.connect(port, address, () => { clearTimeout(t); resolve(true); });
    });
    if (!connected) return { ...result, note: 'UDP socket could not be connected' };
    const id = Math.floor(Math.random() * 0x7fff) + 1;
    const payloads = udpPayloads(kind, id);
    const send = (): void => { for (const p of payloads) socket.send(p, () => { /* errors arrive as 'error' */ }); };
    send();
    // One retransmission halfway through: UDP loss is normal, and costs nothing when answered.
    const half = deadline.cap(opts.readTimeoutMs / 2);
    const waitFor = async (ms: number): Promise<void> => {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, ms);
        wake = () => { clearTimeout(t); resolve(); };
      });
      wake = undefined;
    };
    await waitFor(half);
    if (got.length === 0 && !refused) { send(); await waitFor(deadline.cap(opts.readTimeoutMs / 2)); }
    // NTP answers mode 3 and mode 6 separately: give the second answer a moment.
    if (kind === 'ntp' && got.length === 1) await waitFor(deadline.cap(Math.min(300, opts.readTimeoutMs)));
  } finally {
    socket.close();
  }
  if (got.length > 0) {
    result.state = 'open';
    interpret(result, kind, got, opts);
  } else if (refused) {
    result.state = 'closed';
    result.note = 'ICMP port unreachable';
  } else {
    result.note = 'no answer';
  }
  projectParams(result);
  return result;
}

function interpret(r: ServiceResult, kind: UdpKind, got: Buffer[], opts: ResolvedOptions): void {
  const first = got[0] ?? Buffer.alloc(0);
  r.banner = printable(first);
  if (kind === 'dns') {
    const dns = got.map(parseDnsReply).find((d) => d !== undefined);
    if (!dns) return;
    r.name = 'domain';
    addEvidence(r, { probe: 'dns-version-bind', key: 'dns.rcode', value: dns.rcodeName });
    const txt = dns.txt[0];
    if (txt !== undefined) {
      r.banner = printable(txt);
      matchInto(r, opts.matcher, 'dns-version-bind', KEYS.dnsVersionBind, txt);
    }
    mergeParams(r, { 'dns.recursion_available': String(dns.recursionAvailable) });
  } else if (kind === 'snmp') {
    const snmp = got.map(parseSnmpReply).find((s) => s !== undefined);
    if (!snmp) return;
    r.name = 'snmp';
    const descr = snmp.values[SYS_DESCR];
    const oid = snmp.values[SYS_OBJECT_ID];
    mergeParams(r, { 'snmp.community': snmp.community, 'snmp.version': snmp.version === 1 ? '2c' : '1' });
    if (descr) r.banner = printable(descr);
    matchInto(r, opts.matcher, 'snmp-get', KEYS.snmpSysDescr, descr);
    // Recog's snmp.sys_object_id examples are the OID, a space, then sysDescr.
    if (oid) matchInto(r, opts.matcher, 'snmp-get', KEYS.snmpSysObjectId, descr ? `${oid} ${descr}` : oid);
  } else if (kind === 'ntp') {
    const server = got.map(parseNtpServer).find((n) => n !== undefined);
    const frags = got.map(parseNtpControl).filter((f): f is NtpControlFragment => f !== undefined);
    if (!server && frags.length === 0) return;
    r.name = 'ntp';
    if (server) {
      addEvidence(r, { probe: 'ntp-client', key: 'ntp.stratum', value: `v${server.version} stratum ${server.stratum} refid ${server.refId}` });
      mergeParams(r, { 'ntp.version': String(server.version), 'ntp.stratum': String(server.stratum) });
    }
    const text = joinFragments(frags);
    if (text !== '') {
      r.banner = printable(text);
      matchInto(r, opts.matcher, 'ntp-readvar', KEYS.ntpReadvar, text);
    }
  }
}

