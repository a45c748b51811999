/**
 * The running network: one server per (address, port), connection and datagram counters,
 * a bounded lifetime and an idempotent stop.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { TLSSocket, createSecureContext, type SecureContext } from 'node:tls';
import { FarsightError } from '@farsight/common';
import { getProfile, type ServiceType } from './catalog.ts';
import { computeGroundTruth, effectiveStarttls, effectiveTls, transportOf } from './ground-truth.ts';
import { loopbackProblem } from './address.ts';
import { STARTTLS_TYPES, TCP_HANDLERS, UDP_HANDLERS } from './protocols/index.ts';
import { serveHostile } from './protocols/hostile.ts';
import { legacyTlsFront } from './protocols/legacy-tls.ts';
import type { ServiceContext } from './session.ts';
import type { GroundTruth, HostSpec, LabnetSpec, ServiceSpec, TlsTruth } from './spec-types.ts';

/** Options of startLabnet. */
export interface LabnetOptions {
  /** Lifetime in seconds (overrides the description's ttlSeconds; default 600). */
  ttlSeconds?: number;
  /** Idle time after which a non-hostile connection is closed (default 60 000 ms). */
  idleTimeoutMs?: number;
}

const DEFAULT_TTL = 600;
const DEFAULT_IDLE_MS = 60_000;
const BIND_CONCURRENCY = 256;

/** A simulated network that is up; see startLabnet. */
export class Labnet {
  /** The description it runs. */
  readonly spec: LabnetSpec;
  /** Addresses of every host, in description order. */
  readonly hosts: string[];
  /** When it stops by itself. */
  readonly expiresAt: Date;
  /** Milliseconds startLabnet took. */
  startupMs = 0;
  readonly #truth: GroundTruth;
  readonly #servers: Server[] = [];
  readonly #udp: UdpSocket[] = [];
  readonly #sockets = new Set<Socket>();
  readonly #counts = new Map<string, Map<number, number>>();
  readonly #timer: NodeJS.Timeout;
  #cas: string[] = [];
  #stopping: Promise<void> | undefined;
  readonly #done = Promise.withResolvers<void>();

  constructor(spec: LabnetSpec, ttlSeconds: number) {
    this.spec = spec;
    this.hosts = spec.hosts.map((h) => h.address);
    this.#truth = computeGroundTruth(spec);
    this.expiresAt = new Date(Date.now() + ttlSeconds * 1000);
    this.#timer = setTimeout(() => { void this.stop(); }, ttlSeconds * 1000);
    this.#timer.unref();
  }

  /** What a correct scanner must report (a fresh copy each call). */
  groundTruth(): GroundTruth {
    return structuredClone(this.#truth);
  }

  /** Accepted TCP connections plus received UDP datagrams for a host (optionally one port). */
  connections(address: string, port?: number): number {
    const m = this.#counts.get(address);
    if (!m) return 0;
    if (port !== undefined) return m.get(port) ?? 0;
    let n = 0;
    for (const v of m.values()) n += v;
    return n;
  }

  /** PEM certificates of the labnet CAs (trust them to make `valid` certificates verify). */
  caCertificates(): string[] {
    return [...this.#cas];
  }

  /** Settles once the network has stopped (by stop() or its TTL). */
  get done(): Promise<void> {
    return this.#done.promise;
  }

  /** True once stop() was called or the TTL expired. */
  get stopped(): boolean {
    return this.#stopping !== undefined;
  }

  /** Closes every server and connection; safe to call any number of times. */
  stop(): Promise<void> {
    this.#stopping ??= this.#close();
    return this.#stopping;
  }

  async #close(): Promise<void> {
    clearTimeout(this.#timer);
    for (const s of this.#sockets) s.destroy();
    this.#sockets.clear();
    await Promise.all([
      ...this.#servers.map((s) => new Promise<void>((r) => s.close(() => r()))),
      ...this.#udp.map((u) => new Promise<void>((r) => { try { u.close(() => r()); } catch { r(); } })),
    ]);
    this.#done.resolve();
  }

  #count(address: string, port: number): void {
    let m = this.#counts.get(address);
    if (!m) this.#counts.set(address, (m = new Map()));
    m.set(port, (m.get(port) ?? 0) + 1);
  }

  /** Binds everything; on any failure closes what was bound and throws LABNET_BIND_FAILED. */
  async bind(idleMs: number): Promise<void> {
    const names = new Map<string, string>();
    for (const h of this.spec.hosts) for (const n of h.hostnames ?? []) names.set(n.toLowerCase(), h.address);
    const jobs: (() => Promise<void>)[] = [];
    // Certificates are made while the listeners bind; TLS connections need them only once accepted.
    const contexts = new Map<string, SecureContext>();
    const ders = new Map<string, Buffer>();
    const certs = secureContexts(this.spec, contexts, ders).then((cas) => { this.#cas = cas; });
    certs.catch(() => undefined);
    for (const h of this.spec.hosts) {
      if (h.hostile) {
        for (const port of h.ports ?? []) jobs.push(() => this.#listenTcp(h, port, (s) => serveHostile(h.hostile ?? 'silent', s), 0));
        continue;
      }
      for (const s of h.services ?? []) {
        const ctx = serviceContext(h, s, names, contexts, ders);
        const type = ctx.profile.type;
        if (transportOf(ctx.profile) === 'udp') { jobs.push(() => this.#listenUdp(h, s.port, type, ctx)); continue; }
        const handler = TCP_HANDLERS[type];
        if (!handler) throw new FarsightError('INTERNAL', `labnet has no simulator for ${type}`);
        const tlsKey = ctx.tls ? tlsKeyOf(ctx.tls, h) : undefined;
        const front = ctx.tls?.legacy && (ctx.tls.legacy.sslv3 || (ctx.tls.legacy.ciphers ?? []).some((c) => c === '3des' || c === 'rc4')) ? ctx.tls.legacy : undefined;
        jobs.push(() => this.#listenTcp(h, s.port, (raw) => {
          if (tlsKey === undefined) { handler(raw, ctx); return; }
          const serve = (sock: Socket): void => {
            const wrap = contexts.get(tlsKey);
            if (!wrap) { sock.destroy(); return; }
            const secure = new TLSSocket(sock, { isServer: true, secureContext: wrap });
            secure.on('error', () => secure.destroy());
            handler(secure, ctx);
          };
          if (front) legacyTlsFront(raw, front, () => ders.get(tlsKey), serve);
          else serve(raw);
        }, idleMs));
      }
    }
    try {
      for (let i = 0; i < jobs.length; i += BIND_CONCURRENCY) await Promise.all(jobs.slice(i, i + BIND_CONCURRENCY).map((j) => j()));
      await certs;
    } catch (e) {
      await this.stop();
      throw e;
    }
  }

  #listenTcp(h: HostSpec, port: number, onConn: (s: Socket) => void, idleMs: number): Promise<void> {
    const server = createServer({ noDelay: true });
    server.on('connection', (s) => {
      this.#count(h.address, port);
      if (this.stopped) { s.destroy(); return; }
      this.#sockets.add(s);
      s.on('close', () => this.#sockets.delete(s));
      s.on('error', () => s.destroy());
      if (idleMs > 0) s.setTimeout(idleMs, () => s.destroy());
      try { onConn(s); } catch { s.destroy(); }
    });
    this.#servers.push(server);
    return new Promise((resolve, reject) => {
      server.once('error', (e) => reject(bindError(h.address, port, 'tcp', e)));
      server.listen({ host: h.address, port, exclusive: true, backlog: 511 }, () => resolve());
    });
  }

  #listenUdp(h: HostSpec, port: number, type: ServiceType, ctx: ServiceContext): Promise<void> {
    const handler = UDP_HANDLERS[type];
    if (!handler) throw new FarsightError('INTERNAL', `labnet has no UDP simulator for ${type}`);
    const sock = createSocket({ type: h.address.includes(':') ? 'udp6' : 'udp4' });
    this.#udp.push(sock);
    sock.on('message', (msg, from) => {
      this.#count(h.address, port);
      // Replies go only to loopback sources (the network rule holds even for spoofed datagrams).
      if (this.stopped || (from.address !== '::1' && !from.address.startsWith('127.'))) return;
      let reply: Buffer | null = null;
      try { reply = handler(msg, ctx); } catch { reply = null; }
      if (reply) sock.send(reply, from.port, from.address);
    });
    return new Promise((resolve, reject) => {
      sock.once('error', (e) => reject(bindError(h.address, port, 'udp', e)));
      sock.bind({ address: h.address, port, exclusive: true }, () => { sock.removeAllListeners('error'); sock.on('error', () => undefined); resolve(); });
    });
  }
}

function bindError(address: string, port: number, proto: string, e: unknown): FarsightError {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  const hint = code === 'EACCES' ? ' (ports below 1024 need root, CAP_NET_BIND_SERVICE or sysctl net.ipv4.ip_unprivileged_port_start=0)'
    : code === 'EADDRINUSE' ? ' (another process or labnet already uses it; stop it or pick another address)'
    : code === 'EADDRNOTAVAIL' ? ' (this OS does not route all of 127.0.0.0/8 to loopback; on macOS add aliases with ifconfig lo0 alias)'
    : code === 'EMFILE' ? ' (open-file limit reached; raise ulimit -n)' : '';
  return new FarsightError('LABNET_BIND_FAILED', `cannot bind ${address} port ${port}/${proto}: ${code || String(e)}${hint}`, { cause: e });
}

function key(kind: string, h: HostSpec, versions: readonly string[]): string {
  return `${kind}|${h.address}|${versions.join(',')}`;
}

/** Weak suites OpenSSL itself serves at security level 0 (ECDHE-ECDSA-NULL-SHA fits the EC certificates). */
const REAL_WEAK: Record<string, string> = { null: 'ECDHE-ECDSA-NULL-SHA:NULL-SHA256', anon: 'AECDH-AES128-SHA:ADH-AES128-SHA' };

function realWeak(t: TlsTruth): string[] {
  return (t.legacy?.ciphers ?? []).filter((c) => REAL_WEAK[c] !== undefined);
}

/** Context key of a TLS service: certificate kind, host, versions and the weak suites OpenSSL must enable. */
function tlsKeyOf(t: TlsTruth, h: HostSpec): string {
  const weak = realWeak(t);
  return weak.length > 0 ? `${key(t.cert, h, t.versions)}|${weak.join(',')}` : key(t.cert, h, t.versions);
}

function serviceContext(h: HostSpec, s: ServiceSpec, names: ReadonlyMap<string, string>, contexts: Map<string, SecureContext>, ders: Map<string, Buffer>): ServiceContext {
  const profile = getProfile(s.profile);
  const hostname = h.hostnames?.[0] ?? 'localhost';
  const tls = effectiveTls(s);
  const ctx: ServiceContext = { address: h.address, port: s.port, hostname, shortName: hostname.split('.')[0] ?? hostname, profile, tls, names };
  if (STARTTLS_TYPES.includes(profile.type) || (s.starttls && profile.type === 'postgresql')) {
    const k = starttlsKey(s, h);
    if (s.starttls?.misbehave) ctx.starttlsMisbehave = s.starttls.misbehave;
    const legacy = s.starttls?.legacy;
    if (legacy && (legacy.sslv3 || (legacy.ciphers ?? []).some((c) => c === '3des' || c === 'rc4'))) ctx.starttlsLegacy = { legacy, certDer: () => ders.get(k) };
    // A getter: the context is filled in while the listeners bind.
    Object.defineProperty(ctx, 'secureContext', { get: () => contexts.get(k), enumerable: true });
  }
  return ctx;
}

const STARTTLS_VERSIONS = ['TLSv1.2', 'TLSv1.3'] as const;

/** The TLS a STARTTLS service upgrades to: its `starttls` settings, else a valid certificate with TLS 1.2–1.3. */
function starttlsTruth(s: ServiceSpec): TlsTruth {
  return effectiveStarttls(s) ?? { cert: 'valid', versions: [...STARTTLS_VERSIONS] };
}

/** Context key of a STARTTLS service (the default one is shared by the host's STARTTLS services). */
function starttlsKey(s: ServiceSpec, h: HostSpec): string {
  return s.starttls ? tlsKeyOf(starttlsTruth(s), h) : key('valid', h, STARTTLS_VERSIONS);
}

/** Fills one SecureContext per (cert kind, host, versions) the description needs; returns the CA PEMs. */
async function secureContexts(spec: LabnetSpec, out: Map<string, SecureContext>, ders: Map<string, Buffer>): Promise<string[]> {
  const wanted = new Map<string, { h: HostSpec; tls: TlsTruth }>();
  for (const h of spec.hosts) {
    for (const s of h.services ?? []) {
      const tls = effectiveTls(s);
      if (tls) wanted.set(tlsKeyOf(tls, h), { h, tls });
      if (STARTTLS_TYPES.includes(getProfile(s.profile).type) || s.starttls) wanted.set(starttlsKey(s, h), { h, tls: starttlsTruth(s) });
    }
  }
  if (wanted.size === 0) return [];
  // Loaded on demand: the X.509 library is the slowest import of labnet.
  const { caCertificates, certificateFor } = await import('./tls-certs.ts');
  await Promise.all([...wanted].map(async ([k, { h, tls }]) => {
    const bundle = await certificateFor(tls.cert, h.hostnames ?? [], h.address);
    const weak = realWeak(tls);
    const legacy = weak.length > 0 || tls.versions.includes('TLSv1') || tls.versions.includes('TLSv1.1') || tls.cert === 'sha1' || tls.cert === 'rsa-1024';
    const der = /-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/.exec(bundle.cert)?.[1];
    if (der) ders.set(k, Buffer.from(der.replace(/\s+/g, ''), 'base64'));
    out.set(k, createSecureContext({
      key: bundle.key, cert: bundle.cert,
      minVersion: tls.versions[0], maxVersion: tls.versions[tls.versions.length - 1],
      // OpenSSL 3 refuses TLS 1.0/1.1, SHA-1 and small keys above security level 0.
      // Weak suites go first: after DEFAULT they would stay removed (DEFAULT carries !eNULL and !aNULL).
      ...(legacy ? { ciphers: [...weak.map((c) => REAL_WEAK[c] ?? ''), 'DEFAULT', '@SECLEVEL=0'].join(':') } : {}),
    }));
  }));
  return caCertificates();
}

/** Soft RLIMIT_NOFILE of this process (Linux /proc), or null when unknown. */
export function openFileLimit(): number | null {
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return m?.[1] === undefined ? null : m[1] === 'unlimited' ? Infinity : Number(m[1]);
  } catch {
    return null;
  }
}

/** Headroom of file descriptors left for connections (labnet's and a scanner's in the same process). */
const FD_HEADROOM = 512;

/** Starts a validated description; used by startLabnet. */
export async function startValidated(spec: LabnetSpec, options: LabnetOptions = {}): Promise<Labnet> {
  const t0 = performance.now();
  for (const h of spec.hosts) {
    const bad = loopbackProblem(h.address);
    if (bad) throw new FarsightError('LABNET_SPEC_INVALID', bad);
  }
  const ttl = options.ttlSeconds ?? spec.ttlSeconds ?? DEFAULT_TTL;
  if (!Number.isFinite(ttl) || ttl <= 0 || ttl > 86_400) throw new FarsightError('INVALID_ARGUMENT', `ttlSeconds ${ttl} is not 1-86400`);
  const listeners = spec.hosts.reduce((n, h) => n + (h.hostile ? (h.ports ?? []).length : (h.services ?? []).length), 0);
  const limit = openFileLimit();
  if (limit !== null && listeners + FD_HEADROOM > limit) {
    process.emitWarning(`labnet ${spec.name} binds ${listeners} sockets but ulimit -n is ${limit}; connections may fail with EMFILE. Raise it (ulimit -n 4096).`, { code: 'LABNET_FD_LIMIT' });
  }
  const net = new Labnet(spec, ttl);
  await net.bind(options.idleTimeoutMs ?? DEFAULT_IDLE_MS);
  net.startupMs = Math.round(performance.now() - t0);
  return net;
}
