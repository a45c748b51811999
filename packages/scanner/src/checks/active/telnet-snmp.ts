/**
 * `telnet-enabled`: a port that service detection identified as Telnet (IAC negotiation and
 * a login prompt) is a finding by itself; no further I/O. `snmp-default-community`: SNMP
 * v2c and v1 GET of sysDescr.0 with `public` and `private` (RFC 3416 GetRequest, read-only);
 * agents ignore unknown communities, so an answer proves the community.
 */
import type { ActiveCheck, Finding } from '../types.ts';
import type { ServiceResult } from '../../types.ts';
import { buildSnmpGet, parseSnmpReply, SYS_DESCR } from '../../service/snmp-packet.ts';
import { findingOf } from '../vuln-def.ts';
import { SERVICE_DEFS as D } from './service-defs.ts';

/** Pure: the service is Telnet. */
export function evaluateTelnet(banner: string, s: Pick<ServiceResult, 'port' | 'protocol'>): Finding[] {
  return [findingOf(D.telnet, s, 'telnet-enabled', banner ? `Telnet answered: ${banner.slice(0, 160)}` : 'Telnet option negotiation (IAC) received')];
}

/** Telnet offered. */
export const telnetEnabled: ActiveCheck<string> = {
  meta: { id: 'telnet-enabled', title: 'Telnet enabled', categories: ['safe'], services: ['telnet'], reports: [D.telnet.id] },
  appliesTo: (s) => s.protocol === 'tcp' && s.name === 'telnet',
  run: (ctx) => Promise.resolve(ctx.service.banner ?? ''),
  evaluate: (e, s) => evaluateTelnet(e, s),
};

/** The communities tried, in order. */
export const DEFAULT_COMMUNITIES = ['public', 'private'];

/** Evidence: per community, the version that answered and the sysDescr it gave. */
export interface SnmpEvidence { answers: { community: string; version: string; sysDescr: string }[] }

/** Pure: one finding per community that answered. */
export function evaluateSnmp(e: SnmpEvidence, s: Pick<ServiceResult, 'port' | 'protocol'>): Finding[] {
  return e.answers.map((a) => findingOf(D.snmp, s, 'snmp-default-community', `community "${a.community}" answered ${a.version} GET sysDescr.0: ${a.sysDescr}`, { instance: a.community }));
}

/** SNMP default communities. */
export const snmpDefaultCommunity: ActiveCheck<SnmpEvidence> = {
  meta: { id: 'snmp-default-community', title: 'SNMP default community', categories: ['safe'], services: ['snmp'], reports: [D.snmp.id] },
  appliesTo: (s) => s.protocol === 'udp' && (s.name === 'snmp' || s.port === 161),
  async run(ctx) {
    const answers: SnmpEvidence['answers'] = [];
    // Detection already asked `public`: its answer is evidence, not something to ask again.
    const seen = ctx.service.params?.['snmp.community'];
    if (seen !== undefined && DEFAULT_COMMUNITIES.includes(seen)) {
      answers.push({ community: seen, version: `SNMPv${ctx.service.params?.['snmp.version'] ?? '?'} (service detection)`, sysDescr: (ctx.service.banner ?? '').slice(0, 200) });
    }
    let id = 0x5f00;
    for (const community of DEFAULT_COMMUNITIES.filter((c) => c !== seen)) {
      for (const [version, label] of [[1, 'SNMPv2c'], [0, 'SNMPv1']] as const) {
        if (ctx.signal.aborted) return { answers };
        const reply = await ctx.net.udpExchange(buildSnmpGet(version, community, ++id, [SYS_DESCR]));
        const r = reply ? parseSnmpReply(reply) : undefined;
        if (r && r.community === community && r.requestId === id && r.errorStatus === 0) {
          answers.push({ community, version: label, sysDescr: (r.values[SYS_DESCR] ?? '').slice(0, 200) });
          break;
        }
      }
    }
    return { answers };
  },
  evaluate: (e, s) => evaluateSnmp(e, s),
};
