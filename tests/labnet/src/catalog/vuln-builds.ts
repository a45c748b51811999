/**
 * Profiles for version-check tests (issue 5): the same software as vulnerable upstream builds,
 * patched upstream builds, distribution builds patched by backport, and distribution builds
 * whose package revision is hidden. Bytes come from existing profiles; only the version text
 * differs, so service detection sees exactly what a real server of that build sends.
 */
import type { HttpPage, HttpProfile, SshProfile } from '../catalog-types.ts';
import { SSH_PROFILES } from './ssh.ts';
import { HTTP_PROFILES } from './http.ts';

function base<T extends { profile: string }>(list: readonly T[], id: string): T {
  const p = list.find((x) => x.profile === id);
  if (!p) throw new Error(`vuln-builds: base profile ${id} is missing from the catalog`);
  return p;
}

function sshBuild(from: string, profile: string, banner: string, version: string, description: string, os?: SshProfile['os']): SshProfile {
  const b = base(SSH_PROFILES, from);
  const p: SshProfile = { ...b, profile, banner, version, cpe: `cpe:/a:openbsd:openssh:${version}`, description, notWeaknesses: [] };
  if (os) p.os = os; else delete p.os;
  return p;
}

const page = (status: number, reason: string, body: string): HttpPage => ({ status, reason, contentType: 'text/html', body });

/** An upstream HTTP build derived from a distribution profile: same bytes, no OS truth. */
function httpBuild(from: string, p: Partial<HttpProfile> & Pick<HttpProfile, 'profile' | 'description'>): HttpProfile {
  const { os: _os, ...rest } = base(HTTP_PROFILES, from);
  return { ...rest, notWeaknesses: [], ...p };
}

/** SSH builds: upstream 8.9p1, Ubuntu and Debian builds patched by backport, Debian with DebianBanner no. */
export const VULN_SSH_PROFILES: SshProfile[] = [
  sshBuild('openssh-8.9p1-ubuntu-3ubuntu0.10', 'openssh-8.9p1', 'SSH-2.0-OpenSSH_8.9p1', '8.9p1',
    'upstream OpenSSH 8.9p1 built from source (no distribution comment): in range of CVE-2024-6387, CVE-2023-38408, Terrapin and others'),
  sshBuild('openssh-8.9p1-ubuntu-3ubuntu0.10', 'openssh-8.9p1-ubuntu-3ubuntu0.11', 'SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.11', '8.9p1',
    'OpenSSH on Ubuntu 22.04 with every fix backported up to USN-7270-1 (CVE-2025-26465): upstream version in range, package fixed',
    { vendor: 'Ubuntu', product: 'Linux', version: '22.04' }),
  sshBuild('openssh-9.6p1-ubuntu-3ubuntu13.5', 'openssh-9.6p1-ubuntu-3ubuntu13.8', 'SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.8', '9.6p1',
    'OpenSSH on Ubuntu 24.04 with CVE-2024-6387, CVE-2025-26465 and CVE-2025-26466 fixed by backport', { vendor: 'Ubuntu', product: 'Linux', version: '24.04' }),
  sshBuild('openssh-9.2p1-debian-2+deb12u2', 'openssh-9.2p1-debian-2+deb12u5', 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u5', '9.2p1',
    'OpenSSH on Debian 12 with CVE-2024-6387 (deb12u3) and CVE-2025-26465 (deb12u5) fixed by backport', { vendor: 'Debian', product: 'Linux', version: '12' }),
  sshBuild('openssh-9.2p1-debian-2+deb12u2', 'openssh-9.2p1-debian-hidden', 'SSH-2.0-OpenSSH_9.2p1', '9.2p1',
    'OpenSSH on Debian 12 with "DebianBanner no": the banner hides the package revision, so version checks can only say "potential"'),
];

/** HTTP builds: upstream Apache 2.4.49 (CVE-2021-41773) and a patched upstream nginx. */
export const VULN_HTTP_PROFILES: HttpProfile[] = [
  httpBuild('apache-2.4.57-debian', {
    profile: 'apache-2.4.49', server: 'Apache/2.4.49 (Unix)', version: '2.4.49',
    cpe: 'cpe:/a:apache:http_server:2.4.49', title: null,
    pages: { '/': page(200, 'OK', '<html><body><h1>It works!</h1></body></html>\n') },
    notFound: page(404, 'Not Found', '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n'),
    weaknesses: ['http-missing-security-headers', 'http-server-version-disclosure'],
    description: 'upstream Apache httpd 2.4.49 built from source: path traversal CVE-2021-41773 and many later CVEs',
  }),
  httpBuild('nginx-1.24.0-ubuntu', {
    profile: 'nginx-1.26.2', server: 'nginx/1.26.2', version: '1.26.2',
    cpe: 'cpe:/a:f5:nginx:1.26.2', notFound: page(404, 'Not Found', '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.26.2</center>\r\n</body>\r\n</html>\r\n'),
    weaknesses: ['http-server-version-disclosure'],
    description: 'upstream nginx 1.26.2 (stable with the CVE-2024-7347 fix): no version-check finding',
  }),
];
