/**
 * Strict validation of a labnet description (parsed JSON/YAML). Every problem is reported
 * with its path (`hosts[3].services[1].port: 70000 is not 1-65535`), all at once.
 */
import { FarsightError } from '@farsight/common';
import { CERT_KINDS, TLS_VERSIONS, UDP_TYPES, findProfile, type CertKind, type OsTruth, type TlsVersion } from './catalog.ts';
import { loopbackProblem } from './address.ts';
import { HOSTILE_KINDS, LEGACY_CIPHER_CLASSES, STARTTLS_MISBEHAVIOURS, type StarttlsMisbehaviour, type StarttlsSpec, type HostSpec, type HostileKind, type LabnetSpec, type LegacyCipherClass, type LegacyTls, type ServiceSpec, type TlsSpec } from './spec-types.ts';

const MAX_TTL = 86_400;
const MAX_HOSTS = 4096;
const MAX_SERVICES = 64;
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/i;

type Obj = Record<string, unknown>;

class Problems {
  readonly list: string[] = [];
  add(path: string, what: string): void { this.list.push(`${path}: ${what}`); }
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function onlyKeys(o: Obj, allowed: string[], path: string, p: Problems): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) p.add(path, `unknown field "${k}" (allowed: ${allowed.join(', ')})`);
}

function port(v: unknown, path: string, p: Problems): number | null {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 65535) { p.add(path, `${show(v)} is not 1-65535`); return null; }
  return v;
}

function os(v: unknown, path: string, p: Problems): OsTruth | undefined {
  if (!isObj(v)) { p.add(path, `${show(v)} is not an object like { vendor, product, version? }`); return undefined; }
  onlyKeys(v, ['vendor', 'product', 'version'], path, p);
  for (const k of ['vendor', 'product']) if (typeof v[k] !== 'string' || v[k] === '') p.add(`${path}.${k}`, 'is required (a non-empty string)');
  if (v.version !== undefined && typeof v.version !== 'string') p.add(`${path}.version`, `${show(v.version)} is not a string (quote numbers like "22.04")`);
  const out: OsTruth = { vendor: String(v.vendor), product: String(v.product) };
  if (typeof v.version === 'string') out.version = v.version;
  return out;
}

function legacyTls(v: unknown, path: string, p: Problems): LegacyTls | undefined {
  if (!isObj(v)) { p.add(path, `${show(v)} is not an object like { sslv3, ciphers }`); return undefined; }
  onlyKeys(v, ['sslv3', 'ciphers'], path, p);
  const out: LegacyTls = {};
  if (v.sslv3 !== undefined) {
    if (typeof v.sslv3 !== 'boolean') p.add(`${path}.sslv3`, `${show(v.sslv3)} is not true or false`);
    else out.sslv3 = v.sslv3;
  }
  if (v.ciphers !== undefined) {
    const cs = v.ciphers;
    if (!Array.isArray(cs) || cs.some((c) => !LEGACY_CIPHER_CLASSES.includes(c as LegacyCipherClass))) p.add(`${path}.ciphers`, `${show(cs)} is not a list of ${LEGACY_CIPHER_CLASSES.join(', ')}`);
    else out.ciphers = [...new Set(cs as LegacyCipherClass[])];
  }
  return out;
}

function tls(v: unknown, path: string, p: Problems): TlsSpec | undefined {
  if (!isObj(v)) { p.add(path, `${show(v)} is not an object like { cert, versions }`); return undefined; }
  onlyKeys(v, ['cert', 'versions', 'legacy'], path, p);
  const out: TlsSpec = {};
  if (v.legacy !== undefined) {
    const l = legacyTls(v.legacy, `${path}.legacy`, p);
    if (l) out.legacy = l;
  }
  if (v.cert !== undefined) {
    if (!CERT_KINDS.includes(v.cert as CertKind)) p.add(`${path}.cert`, `${show(v.cert)} is not one of ${CERT_KINDS.join(', ')}`);
    else out.cert = v.cert as CertKind;
  }
  if (v.versions !== undefined) {
    const vs = v.versions;
    if (!Array.isArray(vs) || vs.length === 0) { p.add(`${path}.versions`, `${show(vs)} is not a non-empty list`); return out; }
    const bad = vs.filter((x) => !TLS_VERSIONS.includes(x as TlsVersion));
    if (bad.length) { p.add(`${path}.versions`, `${show(bad)} not in ${TLS_VERSIONS.join(', ')}`); return out; }
    const idx = [...new Set(vs as TlsVersion[])].map((x) => TLS_VERSIONS.indexOf(x)).sort((a, b) => a - b);
    const first = idx[0] ?? 0;
    if (idx.some((x, i) => x !== first + i)) p.add(`${path}.versions`, `${show(vs)} is not a contiguous range (OpenSSL takes a min and a max version)`);
    else out.versions = idx.map((i) => TLS_VERSIONS[i] as TlsVersion);
  }
  return out;
}

function service(v: unknown, path: string, p: Problems): ServiceSpec | null {
  if (!isObj(v)) { p.add(path, `${show(v)} is not an object like { port, profile, type?, tls? }`); return null; }
  onlyKeys(v, ['port', 'profile', 'type', 'tls', 'starttls'], path, p);
  const prt = port(v.port, `${path}.port`, p);
  if (typeof v.profile !== 'string') { p.add(`${path}.profile`, 'is required (a catalog profile id)'); return null; }
  const profile = findProfile(v.profile);
  if (!profile) { p.add(`${path}.profile`, `unknown profile ${show(v.profile)} (see \`npm run labnet -- profiles\`)`); return null; }
  const out: ServiceSpec = { port: prt ?? 0, profile: v.profile };
  let wantTls = false;
  if (v.type !== undefined) {
    const ok = [...new Set([profile.type, profile.name, profile.tlsName].filter((x): x is string => typeof x === 'string'))];
    if (typeof v.type !== 'string' || !ok.includes(v.type)) p.add(`${path}.type`, `${show(v.type)} does not fit profile ${profile.profile} (use ${ok.join(' or ')})`);
    else { out.type = v.type; wantTls = v.type === profile.tlsName && v.type !== profile.name; }
  }
  if (v.tls !== undefined) {
    if (UDP_TYPES.includes(profile.type) || !profile.tlsName) p.add(`${path}.tls`, `profile ${profile.profile} (${profile.type}) cannot be wrapped in TLS`);
    else if (out.type !== undefined && !wantTls && out.type === profile.name) p.add(`${path}.tls`, `type ${out.type} is plaintext; use type ${profile.tlsName} or drop type`);
    const t = tls(v.tls, `${path}.tls`, p);
    if (t) out.tls = t;
  } else if (wantTls) out.tls = {};
  if (v.starttls !== undefined) {
    const st = starttls(v.starttls, `${path}.starttls`, p);
    if (!STARTTLS_PROFILE_TYPES.includes(profile.type)) p.add(`${path}.starttls`, `profile ${profile.profile} (${profile.type}) has no STARTTLS; only ${STARTTLS_PROFILE_TYPES.join(', ')} do`);
    else if (out.tls) p.add(`${path}.starttls`, 'the service is already wrapped in TLS; drop `tls` (or the TLS type) to serve STARTTLS');
    else if (st) out.starttls = st;
  }
  return out;
}

/** Profile types whose simulators implement STARTTLS (STLS, AUTH TLS, the PostgreSQL SSLRequest). */
const STARTTLS_PROFILE_TYPES: readonly string[] = ['smtp', 'pop3', 'imap', 'ftp', 'postgresql'];

function starttls(v: unknown, path: string, p: Problems): StarttlsSpec | undefined {
  if (!isObj(v)) { p.add(path, `${show(v)} is not an object like { cert, versions, misbehave }`); return undefined; }
  const { misbehave, ...rest } = v;
  const out: StarttlsSpec = tls(rest, path, p) ?? {};
  if (misbehave !== undefined) {
    if (!STARTTLS_MISBEHAVIOURS.includes(misbehave as StarttlsMisbehaviour)) p.add(`${path}.misbehave`, `${show(misbehave)} is not one of ${STARTTLS_MISBEHAVIOURS.join(', ')}`);
    else out.misbehave = misbehave as StarttlsMisbehaviour;
  }
  return out;
}

function host(v: unknown, path: string, p: Problems): HostSpec | null {
  if (!isObj(v)) { p.add(path, `${show(v)} is not an object like { address, services }`); return null; }
  onlyKeys(v, ['address', 'hostnames', 'os', 'services', 'hostile', 'ports'], path, p);
  if (typeof v.address !== 'string') { p.add(`${path}.address`, 'is required (127.x.y.z or ::1)'); return null; }
  const bad = loopbackProblem(v.address);
  if (bad) p.add(`${path}.address`, bad);
  const out: HostSpec = { address: v.address };
  if (v.hostnames !== undefined) {
    if (!Array.isArray(v.hostnames) || !v.hostnames.every((h) => typeof h === 'string' && HOSTNAME.test(h))) p.add(`${path}.hostnames`, `${show(v.hostnames)} is not a list of DNS names`);
    else out.hostnames = v.hostnames as string[];
  }
  if (v.os !== undefined) { const o = os(v.os, `${path}.os`, p); if (o) out.os = o; }
  if (v.hostile !== undefined) {
    if (!HOSTILE_KINDS.includes(v.hostile as HostileKind)) p.add(`${path}.hostile`, `${show(v.hostile)} is not one of ${HOSTILE_KINDS.join(', ')}`);
    else out.hostile = v.hostile as HostileKind;
    if (v.services !== undefined) p.add(`${path}.services`, 'a hostile host has `ports`, not `services`');
    if (!Array.isArray(v.ports) || v.ports.length === 0) p.add(`${path}.ports`, 'a hostile host needs a non-empty list of ports');
    else {
      out.ports = v.ports.map((x, i) => port(x, `${path}.ports[${i}]`, p) ?? 0);
      if (new Set(out.ports).size !== out.ports.length) p.add(`${path}.ports`, 'lists a port twice');
    }
  } else if (v.ports !== undefined) p.add(`${path}.ports`, '`ports` is only for hostile hosts; give `services` instead');
  if (v.services !== undefined && v.hostile === undefined) {
    if (!Array.isArray(v.services)) p.add(`${path}.services`, `${show(v.services)} is not a list`);
    else if (v.services.length > MAX_SERVICES) p.add(`${path}.services`, `has ${v.services.length} entries, at most ${MAX_SERVICES}`);
    else {
      out.services = v.services.map((s, i) => service(s, `${path}.services[${i}]`, p)).filter((s): s is ServiceSpec => s !== null);
      const seen = new Map<string, number>();
      v.services.forEach((s, i) => {
        const prof = isObj(s) && typeof s.profile === 'string' ? findProfile(s.profile) : undefined;
        if (!isObj(s) || !prof) return;
        const key = `${String(s.port)}/${UDP_TYPES.includes(prof.type) ? 'udp' : 'tcp'}`;
        const prev = seen.get(key);
        if (prev !== undefined) p.add(`${path}.services[${i}].port`, `${key} is already used by services[${prev}]`);
        else seen.set(key, i);
      });
    }
  }
  return out;
}

/** Validates a parsed description; throws LABNET_SPEC_INVALID listing every problem. */
export function validateSpec(v: unknown, source = 'labnet spec'): LabnetSpec {
  const p = new Problems();
  if (!isObj(v)) throw new FarsightError('LABNET_SPEC_INVALID', `${source}: the document is not an object with name and hosts`);
  onlyKeys(v, ['name', 'ttlSeconds', 'hosts'], '(root)', p);
  if (typeof v.name !== 'string' || !NAME.test(v.name)) p.add('name', `${show(v.name)} is not a name (letters, digits, . _ -)`);
  if (v.ttlSeconds !== undefined && (typeof v.ttlSeconds !== 'number' || !Number.isInteger(v.ttlSeconds) || v.ttlSeconds < 1 || v.ttlSeconds > MAX_TTL)) {
    p.add('ttlSeconds', `${show(v.ttlSeconds)} is not an integer 1-${MAX_TTL}`);
  }
  const hosts: HostSpec[] = [];
  if (!Array.isArray(v.hosts)) p.add('hosts', 'is required (a list of hosts)');
  else if (v.hosts.length > MAX_HOSTS) p.add('hosts', `has ${v.hosts.length} hosts, at most ${MAX_HOSTS}`);
  else {
    const seen = new Map<string, number>();
    v.hosts.forEach((h, i) => {
      const out = host(h, `hosts[${i}]`, p);
      if (!out) return;
      const prev = seen.get(out.address);
      if (prev !== undefined) p.add(`hosts[${i}].address`, `${out.address} is already hosts[${prev}]`);
      seen.set(out.address, i);
      hosts.push(out);
    });
  }
  if (p.list.length > 0) {
    const shown = p.list.slice(0, 20).join('; ');
    const more = p.list.length > 20 ? `; and ${p.list.length - 20} more` : '';
    throw new FarsightError('LABNET_SPEC_INVALID', `${source}: ${shown}${more}`);
  }
  const spec: LabnetSpec = { name: v.name as string, hosts };
  if (typeof v.ttlSeconds === 'number') spec.ttlSeconds = v.ttlSeconds;
  return spec;
}
