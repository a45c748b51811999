/**
 * `active-checks`: the ground-truth network of the active safe checks on 127.6.1.x — every
 * weakness a check reports on one host, its absence on a twin, and hostile hosts on the ports
 * the checks talk to. 127.6.0.0/16 is reserved for the checks' suites (tests/checks, tests/e2e).
 */
import { HOSTILE_KINDS, type LabnetSpec, type ServiceSpec } from '../spec-types.ts';
import { OS, host, hostile, svc, tls } from './build.ts';

const A = (n: number): string => `127.6.1.${n}`;
/** The ports the checks talk to; every hostile host misbehaves on all of them. */
export const HOSTILE_PORTS = [21, 22, 25, 80, 443, 6379, 9200, 11211, 27017];
const legacyTls = (port: number, profile: string, versions: ServiceSpec['tls'] & object): ServiceSpec => ({ port, profile, tls: versions });

/** The active-checks network description. */
export function activeChecksNetwork(): LabnetSpec {
  return {
    name: 'active-checks',
    ttlSeconds: 600,
    hosts: [
      host(A(10), 'tls-legacy.lab', OS.centos7, legacyTls(443, 'nginx-hardened', { versions: ['TLSv1', 'TLSv1.1', 'TLSv1.2'], legacy: { sslv3: true, ciphers: ['3des', 'rc4'] } })),
      host(A(11), 'tls-weak.lab', OS.debian12, legacyTls(443, 'nginx-hardened', { legacy: { ciphers: ['null', 'anon'] } })),
      host(A(12), 'tls-good.lab', OS.ubuntu2404, tls(443, 'nginx-hardened')),
      host(A(13), 'certs.lab', OS.ubuntu2204, tls(443, 'nginx-hardened', 'expired'), tls(8443, 'nginx-hardened', 'self-signed'), tls(9443, 'nginx-hardened', 'sha1'),
        tls(10443, 'nginx-hardened', 'rsa-1024'), tls(11443, 'nginx-hardened', 'wrong-host'), tls(12443, 'nginx-hardened', 'not-yet-valid')),
      host(A(20), 'ssh-password.lab', OS.ubuntu2404, svc(22, 'openssh-9.6p1-password')),
      host(A(21), 'ssh-keys.lab', OS.ubuntu2404, svc(22, 'openssh-9.6p1-pubkey-only')),
      host(A(22), 'ssh-legacy.lab', OS.rhel4, svc(22, 'openssh-3.9p1-ssh1')),
      host(A(30), 'web-weak.lab', OS.centos7, svc(80, 'apache-2.4.6-centos'), svc(8080, 'lighttpd-1.4.59')),
      host(A(31), 'web-good.lab', OS.ubuntu2404, svc(80, 'nginx-hardened')),
      host(A(32), 'es-open.lab', OS.ubuntu2204, svc(9200, 'elasticsearch-7.17.16')),
      host(A(33), 'es-secured.lab', OS.ubuntu2204, svc(9200, 'elasticsearch-8.13.4-secured')),
      host(A(40), 'ftp-writable.lab', OS.debian12, svc(21, 'vsftpd-3.0.5-anon-writable')),
      host(A(41), 'ftp-readonly.lab', null, svc(21, 'proftpd-1.3.8')),
      host(A(42), 'ftp-closed.lab', OS.ubuntu2204, svc(21, 'vsftpd-3.0.3')),
      host(A(50), 'relay.lab', null, svc(25, 'postfix-3.5.25-open-relay')),
      host(A(51), 'sendmail.lab', OS.centos7, svc(25, 'sendmail-8.17.1-expn')),
      host(A(52), 'mx.lab', OS.debian12, svc(25, 'exim-4.96-debian')),
      host(A(60), 'db-open.lab', OS.ubuntu2204, svc(6379, 'redis-7.2.4'), svc(11211, 'memcached-1.6.21'), svc(27017, 'mongodb-7.0.8')),
      host(A(61), 'db-auth.lab', OS.ubuntu2204, svc(6379, 'redis-7.0.15-auth'), svc(11211, 'memcached-1.6.21-auth'), svc(27017, 'mongodb-6.0.14-auth')),
      host(A(70), 'telnet.lab', OS.ubuntu2204, svc(23, 'telnetd-ubuntu-22.04')),
      host(A(80), 'snmp-rw.lab', OS.debian12, svc(161, 'net-snmp-private-rw')),
      host(A(81), 'snmp-custom.lab', OS.debian12, svc(161, 'net-snmp-custom-community')),
      ...HOSTILE_KINDS.map((kind, i) => hostile(A(200 + i), kind, HOSTILE_PORTS)),
    ],
  };
}
