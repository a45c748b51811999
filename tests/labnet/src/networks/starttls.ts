/**
 * `starttls`: the ground-truth network of the TLS checks over STARTTLS (issue 5) on 127.6.4.x
 * — per protocol (SMTP on 587, IMAP, POP3, FTP AUTH TLS, PostgreSQL SSLRequest) one host with
 * weak TLS behind the upgrade, one host with good TLS behind every upgrade, and four hosts whose
 * upgrade misbehaves (garbage, drip, silence, plaintext after the grant) on every protocol. 127.6.0.0/16 belongs to the checks' suites.
 */
import type { LabnetSpec, ServiceSpec, StarttlsSpec } from '../spec-types.ts';
import { STARTTLS_MISBEHAVIOURS } from '../spec-types.ts';
import { OS, host } from './build.ts';

const A = (n: number): string => `127.6.4.${n}`;
/** The STARTTLS services of every good and hostile host: [port, profile]. */
export const STARTTLS_PORTS: readonly [number, string][] = [[587, 'postfix-ubuntu'], [143, 'dovecot-imap-ubuntu'], [110, 'dovecot-pop3-ubuntu'], [21, 'pure-ftpd'], [5432, 'postgresql-md5']];
const st = (port: number, profile: string, starttls: StarttlsSpec): ServiceSpec => ({ port, profile, starttls });

/** The starttls network description. */
export function starttlsNetwork(): LabnetSpec {
  return {
    name: 'starttls',
    ttlSeconds: 600,
    hosts: [
      host(A(10), 'smtp-weak.lab', OS.centos7, st(587, 'postfix-ubuntu', { cert: 'expired', versions: ['TLSv1', 'TLSv1.1', 'TLSv1.2'], legacy: { sslv3: true, ciphers: ['3des', 'rc4'] } })),
      host(A(11), 'imap-weak.lab', OS.centos7, st(143, 'dovecot-imap-ubuntu', { cert: 'self-signed', versions: ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] })),
      host(A(12), 'pop3-weak.lab', OS.debian12, st(110, 'dovecot-pop3-ubuntu', { legacy: { ciphers: ['null', 'anon'] } })),
      host(A(13), 'ftp-weak.lab', OS.debian12, st(21, 'pure-ftpd', { cert: 'rsa-1024', versions: ['TLSv1.1', 'TLSv1.2'] })),
      host(A(14), 'pg-weak.lab', OS.debian12, st(5432, 'postgresql-md5', { cert: 'wrong-host', versions: ['TLSv1', 'TLSv1.1', 'TLSv1.2'], legacy: { ciphers: ['rc4'] } })),
      host(A(20), 'mail-good.lab', OS.ubuntu2404, ...STARTTLS_PORTS.map(([port, profile]) => st(port, profile, {}))),
      ...STARTTLS_MISBEHAVIOURS.map((misbehave, i) => host(A(30 + i), `starttls-${misbehave}.lab`, OS.ubuntu2404,
        ...STARTTLS_PORTS.map(([port, profile]) => st(port, profile, { misbehave })))),
    ],
  };
}
