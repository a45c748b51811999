/**
 * Benchmark networks. `bench-24`: 254 hosts on 127.0.3.1-254, each one of a few realistic
 * roles with 1-6 services (deterministic: a fixed-seed PRNG). `bench-allports`: one host,
 * 127.0.4.1, with services scattered across 1-65535.
 */
import type { HostSpec, LabnetSpec, ServiceSpec } from '../spec-types.ts';
import type { OsTruth } from '../catalog.ts';
import { OS, host, svc, tls } from './build.ts';

/** mulberry32: a tiny deterministic PRNG so bench-24 is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

type Role = { name: string; weight: number; make: (r: () => number) => [OsTruth | null, ServiceSpec[]] };
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

const ROLES: Role[] = [
  { name: 'web', weight: 30, make: (r) => {
    const [os, sshP, webP] = pick(r, [
      [OS.ubuntu2204, 'openssh-8.9p1-ubuntu-3ubuntu0.10', 'apache-2.4.52-ubuntu'], [OS.ubuntu2004, 'openssh-8.2p1-ubuntu-4ubuntu0.5', 'nginx-1.18.0'],
      [OS.debian12, 'openssh-9.2p1-debian-2+deb12u2', 'apache-2.4.57-debian'], [OS.centos7, 'openssh-7.4-rhel7', 'apache-2.4.6-centos'],
      [OS.ubuntu2404, 'openssh-9.6p1-ubuntu-3ubuntu13.5', 'nginx-1.24.0-ubuntu'],
    ] as const);
    const s = [svc(22, sshP), svc(80, webP)];
    if (r() < 0.5) s.push(tls(443, webP, pick(r, ['valid', 'valid', 'expired', 'self-signed'] as const)));
    return [os, s];
  } },
  { name: 'db', weight: 14, make: (r) => {
    const [os, sshP, dbP, port] = pick(r, [
      [OS.ubuntu2204, 'openssh-8.9p1-ubuntu-3ubuntu0.10', 'mysql-8.0.36-ubuntu', 3306], [OS.centos7, 'openssh-7.4-rhel7', 'mysql-5.7.44', 3306],
      [OS.ubuntu2204, 'openssh-8.9p1-ubuntu-3ubuntu0.10', 'mariadb-10.6.16-ubuntu', 3306], [OS.ubuntu2404, 'openssh-9.6p1-ubuntu-3ubuntu13.5', 'postgresql-md5', 5432],
      [OS.debian12, 'openssh-9.2p1-debian-2+deb12u2', 'postgresql-hba-reject', 5432],
    ] as const);
    const s = [svc(22, sshP), svc(port, dbP)];
    if (r() < 0.3) s.push(svc(11211, 'memcached-1.6.14'));
    return [os, s];
  } },
  { name: 'cache', weight: 10, make: (r) => {
    const s = [svc(6379, pick(r, ['redis-6.2.14', 'redis-7.2.4', 'redis-7.0.15-auth']))];
    if (r() < 0.5) s.push(svc(11211, 'memcached-1.6.21'));
    if (r() < 0.5) s.push(svc(27017, pick(r, ['mongodb-4.4.29', 'mongodb-5.0.26', 'mongodb-6.0.14-auth', 'mongodb-7.0.8'])));
    return [OS.linux, [svc(22, 'openssh-9.2p1-debian-2+deb12u2'), ...s]];
  } },
  { name: 'mail', weight: 6, make: (r) => [OS.ubuntu2204, [svc(22, 'openssh-8.9p1-ubuntu-3ubuntu0.10'), svc(25, pick(r, ['postfix-ubuntu', 'postfix-ubuntu', 'exim-4.96-debian'])),
    svc(110, 'dovecot-pop3-ubuntu'), svc(143, 'dovecot-imap-ubuntu'), tls(993, 'dovecot-imap-ubuntu'), tls(995, 'dovecot-pop3-ubuntu')]] },
  { name: 'windows', weight: 14, make: (r) => {
    const [os, p] = pick(r, [[OS.windows, 'iis-10.0'], [OS.windows2012r2, 'iis-8.5']] as const);
    return [os, r() < 0.6 ? [svc(80, p), tls(443, p, pick(r, ['valid', 'self-signed', 'rsa-1024'] as const))] : [svc(80, p)]];
  } },
  { name: 'infra', weight: 8, make: (r) => [OS.ubuntu2204, [svc(22, 'openssh-8.9p1-ubuntu-3ubuntu0.10'), svc(53, pick(r, ['bind-9.18.28-ubuntu', 'dnsmasq-2.89'])),
    svc(123, pick(r, ['ntpd-4.2.8p15', 'chrony-4.2'])), svc(161, 'net-snmp-linux')]] },
  { name: 'embedded', weight: 10, make: (r) => {
    const s = [svc(22, pick(r, ['dropbear-2020.81', 'dropbear-2022.83']))];
    if (r() < 0.7) s.push(svc(80, 'lighttpd-1.4.59'));
    if (r() < 0.3) s.push(svc(23, 'telnetd-ubuntu-22.04'));
    if (r() < 0.3) s.push(svc(21, pick(r, ['pure-ftpd', 'vsftpd-3.0.3', 'proftpd-1.3.8'])));
    return [OS.linux, s];
  } },
  { name: 'network', weight: 4, make: () => [OS.ciscoIos, [svc(22, 'cisco-ssh-1.25'), svc(23, 'telnet-cisco-ios'), svc(161, 'snmp-cisco-ios')]] },
  { name: 'app', weight: 4, make: (r) => {
    const s = [svc(22, 'openssh-7.4-rhel7'), svc(8080, pick(r, ['tomcat-7.0.109', 'jetty-9.4.53']))];
    if (r() < 0.4) s.push(svc(9200, 'elasticsearch-7.17.16'));
    return [OS.centos7, s];
  } },
];

/** The bench-24 network description. */
export function bench24Network(): LabnetSpec {
  const r = prng(24);
  const total = ROLES.reduce((s, x) => s + x.weight, 0);
  const hosts: HostSpec[] = [];
  for (let n = 1; n <= 254; n++) {
    let x = r() * total;
    const role = ROLES.find((ro) => (x -= ro.weight) < 0) ?? ROLES[0];
    if (!role) continue;
    const [os, services] = role.make(r);
    hosts.push(host(`127.0.3.${n}`, `${role.name}-${n}.bench.lab`, os, ...services.slice(0, 6)));
  }
  return { name: 'bench-24', ttlSeconds: 1800, hosts };
}

/** The bench-allports network description. */
export function benchAllPortsNetwork(): LabnetSpec {
  return {
    name: 'bench-allports',
    ttlSeconds: 1800,
    hosts: [host('127.0.4.1', 'allports.bench.lab', OS.ubuntu2204,
      svc(22, 'openssh-8.9p1-ubuntu-3ubuntu0.10'), svc(80, 'apache-2.4.52-ubuntu'), tls(443, 'nginx-1.18.0'), svc(3306, 'mysql-8.0.36-ubuntu'),
      svc(8080, 'jetty-9.4.53'), svc(11211, 'memcached-1.6.21'), svc(27017, 'mongodb-7.0.8'), svc(40000, 'nginx-1.24.0-ubuntu'),
      svc(50505, 'redis-7.2.4'), svc(65000, 'dropbear-2022.83'))],
  };
}
