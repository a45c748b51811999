/**
 * SNMP v1/v2c agent (RFC 1157, RFC 3416) serving the system group (RFC 3418) for its
 * configured communities. Other communities get no answer, as agents do (RFC 3584 §4.1).
 */
import type { SnmpProfile } from '../catalog.ts';
import { children, intBytes, oidBytes, readInt, readOid, readTlv, tlv } from '../ber.ts';
import { fill, type ServiceContext } from '../session.ts';

const SEQ = 0x30, INT = 0x02, OCTETS = 0x04, NULL = 0x05, OID = 0x06, TIMETICKS = 0x43;
const GET = 0xa0, GETNEXT = 0xa1, RESPONSE = 0xa2, GETBULK = 0xa5;
const NO_SUCH_OBJECT = 0x80, END_OF_MIB = 0x82;
const started = Date.now();

/** The system group, in OID order. */
function mib(p: SnmpProfile, ctx: ServiceContext): [string, Buffer][] {
  const s = (t: string): Buffer => tlv(OCTETS, Buffer.from(t, 'latin1'));
  return [
    ['1.3.6.1.2.1.1.1.0', s(fill(p.sysDescr, ctx))],
    ['1.3.6.1.2.1.1.2.0', tlv(OID, oidBytes(p.sysObjectId))],
    ['1.3.6.1.2.1.1.3.0', tlv(TIMETICKS, intBytes(Math.floor((Date.now() - started) / 10) + 25_920_000))],
    ['1.3.6.1.2.1.1.4.0', s('Me <me@example.org>')],
    ['1.3.6.1.2.1.1.5.0', s(ctx.shortName)],
    ['1.3.6.1.2.1.1.6.0', s('Server room')],
  ];
}

function cmpOid(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  return x.length - y.length;
}

/** Answers one SNMP datagram; null when it must be ignored (bad community, v3, garbage). */
export function snmpReply(msg: Buffer, ctx: ServiceContext): Buffer | null {
  const p = ctx.profile as SnmpProfile;
  let top;
  try { top = readTlv(msg, 0); } catch { return null; }
  if (top.tag !== SEQ) return null;
  try {
    const [ver, community, pdu] = children(top.value);
    if (!ver || !community || !pdu || ver.tag !== INT || community.tag !== OCTETS) return null;
    const version = readInt(ver.value);
    if ((version !== 0 && version !== 1) || !p.communities.includes(community.value.toString('latin1'))) return null;
    if (pdu.tag !== GET && pdu.tag !== GETNEXT && !(pdu.tag === GETBULK && version === 1)) return null;
    const [reqId, , , vbl] = children(pdu.value);
    if (!reqId || !vbl || vbl.tag !== SEQ) return null;
    const table = mib(p, ctx);
    let errStatus = 0;
    let errIndex = 0;
    const binds = children(vbl.value).slice(0, 32).map((vb, i) => {
      const [o] = children(vb.value);
      if (!o || o.tag !== OID) throw new Error('varbind without OID');
      const oid = readOid(o.value);
      const hit = pdu.tag === GET ? table.find(([k]) => k === oid) : table.find(([k]) => cmpOid(k, oid) > 0);
      if (hit) return tlv(SEQ, Buffer.concat([tlv(OID, oidBytes(hit[0])), hit[1]]));
      if (version === 0) { if (!errStatus) { errStatus = 2; errIndex = i + 1; } return tlv(SEQ, Buffer.concat([tlv(OID, o.value), tlv(NULL, Buffer.alloc(0))])); }
      return tlv(SEQ, Buffer.concat([tlv(OID, o.value), tlv(pdu.tag === GET ? NO_SUCH_OBJECT : END_OF_MIB, Buffer.alloc(0))]));
    });
    // SNMPv1 noSuchName (RFC 1157 §4.1.2) answers with the request's bindings unchanged.
    const outBinds = errStatus ? children(vbl.value).map((b) => tlv(b.tag, b.value)) : binds;
    const body = Buffer.concat([tlv(INT, reqId.value), tlv(INT, intBytes(errStatus)), tlv(INT, intBytes(errIndex)), tlv(SEQ, Buffer.concat(outBinds))]);
    return tlv(SEQ, Buffer.concat([tlv(INT, intBytes(version)), tlv(OCTETS, community.value), tlv(RESPONSE, body)]));
  } catch {
    return null;
  }
}
