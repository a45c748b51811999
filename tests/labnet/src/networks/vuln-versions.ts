/**
 * `vuln-versions`: version checks without backport false positives (issue 5), on 127.5.0.x.
 * Vulnerable upstream builds, upstream builds that are patched, distribution builds patched by
 * backport, and distribution builds whose package revision is hidden — with the exact findings
 * a correct scanner reports (its ground truth, written by hand from the advisories, never
 * computed by scanner code).
 */
import type { LabnetSpec } from '../spec-types.ts';
import { OS, host, svc } from './build.ts';

const A = (n: number): string => `127.5.0.${n}`;

/** The network description. */
export function vulnVersionsNetwork(): LabnetSpec {
  return {
    name: 'vuln-versions',
    ttlSeconds: 600,
    hosts: [
      host(A(10), 'ssh-upstream.vuln.lab', null, svc(22, 'openssh-8.9p1')),
      host(A(11), 'jammy-patched.vuln.lab', OS.ubuntu2204, svc(22, 'openssh-8.9p1-ubuntu-3ubuntu0.11'), svc(80, 'nginx-1.26.2')),
      host(A(12), 'jammy-partial.vuln.lab', OS.ubuntu2204, svc(22, 'openssh-8.9p1-ubuntu-3ubuntu0.10')),
      host(A(13), 'bookworm-patched.vuln.lab', OS.debian12, svc(22, 'openssh-9.2p1-debian-2+deb12u5')),
      host(A(14), 'bookworm-hidden.vuln.lab', OS.debian12, svc(22, 'openssh-9.2p1-debian-hidden'), svc(80, 'apache-2.4.57-debian')),
      host(A(15), 'apache-upstream.vuln.lab', null, svc(80, 'apache-2.4.49')),
      host(A(16), 'ftp-backdoor.vuln.lab', null, svc(21, 'vsftpd-2.3.4')),
      host(A(17), 'noble-nginx.vuln.lab', OS.ubuntu2404, svc(80, 'nginx-1.24.0-ubuntu')),
      host(A(18), 'noble-patched.vuln.lab', OS.ubuntu2404, svc(22, 'openssh-9.6p1-ubuntu-3ubuntu13.8')),
    ],
  };
}

/** One finding a correct version check reports on this network. */
export interface ExpectedVersionFinding {
  address: string;
  port: number;
  id: string;
  verdict: 'vulnerable' | 'potential';
  /** The rule that decides it: `version:<product>:<id>:<scope>`. */
  rule: string;
}

const f = (n: number, port: number, product: string, scope: string, verdict: ExpectedVersionFinding['verdict'], ids: string[]): ExpectedVersionFinding[] =>
  ids.map((id) => ({ address: A(n), port, id, verdict, rule: `version:${product}:${id}:${scope}` }));

/** Upstream OpenSSH 8.9p1 is in range of these (openssh.com release notes, NVD). */
const OPENSSH_89 = ['CVE-2024-6387', 'CVE-2023-38408', 'CVE-2023-48795', 'CVE-2023-51385', 'CVE-2023-28531', 'CVE-2025-26465'];
/** OpenSSH 9.2p1 is in range of these upstream. */
const OPENSSH_92 = ['CVE-2024-6387', 'CVE-2023-38408', 'CVE-2023-48795', 'CVE-2023-51385', 'CVE-2023-28531', 'CVE-2025-26465'];
/** Apache httpd 2.4.49 (httpd.apache.org/security/vulnerabilities_24.html). */
const APACHE_2449 = [
  'CVE-2021-41773', 'CVE-2021-42013', 'CVE-2021-41524', 'CVE-2021-44790', 'CVE-2021-44224', 'CVE-2022-22719', 'CVE-2022-22720',
  'CVE-2022-22721', 'CVE-2022-23943', 'CVE-2022-26377', 'CVE-2022-28614', 'CVE-2022-28615', 'CVE-2022-29404', 'CVE-2022-30556',
  'CVE-2022-31813', 'CVE-2022-36760', 'CVE-2022-37436', 'CVE-2023-25690', 'CVE-2023-27522', 'CVE-2023-31122', 'CVE-2023-45802',
  'CVE-2023-38709', 'CVE-2024-27316', 'CVE-2024-38474', 'CVE-2024-38475', 'CVE-2024-38476', 'CVE-2024-38477',
  // HTTP/2 Rapid Reset: NVD lists http_server before 2.4.58 (one definition, several products).
  'CVE-2023-44487',
];
/** Apache httpd 2.4.57 is in range of these upstream. */
const APACHE_2457 = ['CVE-2023-31122', 'CVE-2023-45802', 'CVE-2023-43622', 'CVE-2023-38709', 'CVE-2024-27316', 'CVE-2024-38474', 'CVE-2024-38475', 'CVE-2024-38476', 'CVE-2024-38477', 'CVE-2023-44487'];

/** Every version-check finding a correct scanner reports on `vuln-versions` (and nothing else). */
export const VULN_VERSIONS_EXPECTED: readonly ExpectedVersionFinding[] = [
  ...f(10, 22, 'openssh', 'upstream', 'vulnerable', OPENSSH_89),
  // Ubuntu 22.04 fixed all but CVE-2025-26465 by 1:8.9p1-3ubuntu0.10 (USN-6859-1 for regreSSHion).
  ...f(12, 22, 'openssh', 'ubuntu-22.04', 'vulnerable', ['CVE-2025-26465']),
  // DebianBanner no: the Debian build is known from the host's OS guess (Apache says Debian), not its revision or release.
  ...f(14, 22, 'openssh', 'debian', 'potential', OPENSSH_92),
  ...f(14, 80, 'http_server', 'debian', 'potential', APACHE_2457),
  ...f(15, 80, 'http_server', 'upstream', 'vulnerable', APACHE_2449),
  ...f(16, 21, 'vsftpd', 'upstream', 'vulnerable', ['CVE-2011-2523']),
  // nginx 1.24.0 is in NVD's HTTP/2 Rapid Reset range (1.9.5-1.25.2); Ubuntu's build hides its revision.
  ...f(17, 80, 'nginx', 'ubuntu', 'potential', ['CVE-2024-7347', 'CVE-2023-44487']),
];

/** Hosts whose builds are patched (upstream or by backport; Debian 12 per openssh's changelog.Debian): no version finding at all. */
export const VULN_VERSIONS_PATCHED: readonly string[] = [A(11), A(13), A(18)];

/** Hosts that are distribution builds: never a `vulnerable` verdict unless the banner's package revision proves it. */
export const VULN_VERSIONS_BACKPORTED: readonly string[] = [A(11), A(13), A(14), A(17), A(18)];
