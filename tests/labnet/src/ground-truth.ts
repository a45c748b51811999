/** Ground truth derived from a validated description and the catalog alone (no sockets). */
import { CERT_KIND_WEAKNESS, UDP_TYPES, getProfile, type Profile, type TlsVersion } from './catalog.ts';
import { addressSortKey } from './address.ts';
import type { GroundTruth, HostSpec, HostTruth, LabnetSpec, ServiceSpec, ServiceTruth, TlsTruth } from './spec-types.ts';

/** Default TLS versions when a service's `tls` gives none. */
export const DEFAULT_TLS_VERSIONS: TlsVersion[] = ['TLSv1.2', 'TLSv1.3'];

/** The effective TLS settings of a service, or null when it is plaintext. */
export function effectiveTls(s: ServiceSpec): TlsTruth | null {
  if (!s.tls) return null;
  const t: TlsTruth = { cert: s.tls.cert ?? 'valid', versions: s.tls.versions ?? DEFAULT_TLS_VERSIONS };
  if (s.tls.legacy && (s.tls.legacy.sslv3 || (s.tls.legacy.ciphers ?? []).length > 0)) t.legacy = s.tls.legacy;
  return t;
}

/** The TLS behind a service's STARTTLS upgrade, when its description sets one (misbehaving or not). */
export function effectiveStarttls(s: ServiceSpec): TlsTruth | null {
  if (!s.starttls) return null;
  const { misbehave: _misbehave, ...tls } = s.starttls;
  return effectiveTls({ port: s.port, profile: s.profile, tls });
}

/** Transport of a profile. */
export function transportOf(p: Profile): 'tcp' | 'udp' {
  return UDP_TYPES.includes(p.type) ? 'udp' : 'tcp';
}

function tlsWeaknesses(t: TlsTruth): string[] {
  const out: string[] = [];
  const w = CERT_KIND_WEAKNESS[t.cert];
  if (w) out.push(w);
  if (t.versions.includes('TLSv1')) out.push('tls-protocol-tlsv1.0');
  if (t.versions.includes('TLSv1.1')) out.push('tls-protocol-tlsv1.1');
  if (t.legacy?.sslv3) out.push('tls-protocol-sslv3');
  for (const c of t.legacy?.ciphers ?? []) out.push(`tls-weak-cipher-${c}`);
  return out;
}

function serviceTruth(s: ServiceSpec): ServiceTruth {
  const p = getProfile(s.profile);
  const tls = effectiveTls(s);
  // A misbehaving upgrade never reaches its TLS: nothing behind it can be reported.
  const starttls = s.starttls?.misbehave ? null : effectiveStarttls(s);
  // Key order chosen so the JSON reads naturally; an absent field is one the service does not reveal.
  return {
    port: s.port, protocol: transportOf(p), name: tls ? (p.tlsName ?? p.name) : p.name,
    ...(p.vendor !== null ? { vendor: p.vendor } : {}), ...(p.product !== null ? { product: p.product } : {}),
    ...(p.version !== null ? { version: p.version } : {}), ...(p.cpe !== null ? { cpe: p.cpe } : {}),
    profile: p.profile, tls, ...(starttls ? { starttls } : {}),
    weaknesses: [...p.weaknesses, ...(tls ? tlsWeaknesses(tls) : []), ...(starttls ? tlsWeaknesses(starttls) : [])], notWeaknesses: [...(p.notWeaknesses ?? [])],
  };
}

function hostileTruth(port: number): ServiceTruth {
  return { port, protocol: 'tcp', name: 'unknown', tls: null, weaknesses: [], notWeaknesses: [] };
}

function hostTruth(h: HostSpec): HostTruth {
  const services = h.hostile ? (h.ports ?? []).map(hostileTruth) : (h.services ?? []).map(serviceTruth);
  services.sort((a, b) => (a.protocol === b.protocol ? a.port - b.port : a.protocol === 'tcp' ? -1 : 1));
  const out: HostTruth = { address: h.address, hostnames: [...(h.hostnames ?? [])], services };
  if (h.os) out.os = { ...h.os };
  if (h.hostile) out.hostile = h.hostile;
  return out;
}

/** Ground truth of a network: hosts sorted by address, services TCP first then UDP. */
export function computeGroundTruth(spec: LabnetSpec): GroundTruth {
  const hosts = spec.hosts.map(hostTruth).sort((a, b) => addressSortKey(a.address) - addressSortKey(b.address));
  return { name: spec.name, hosts };
}
