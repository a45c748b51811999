/** SSH profiles: OpenSSH builds from several distributions and Dropbear, with real KEXINIT lists. */
import type { OsTruth, SshAlgorithms, SshProfile } from '../catalog-types.ts';

/** KEX methods deprecated by RFC 9142 (SHA-1 or 1024-bit groups). */
export const WEAK_SSH_KEX = ['diffie-hellman-group1-sha1', 'diffie-hellman-group14-sha1', 'diffie-hellman-group-exchange-sha1'];
/** Ciphers a scanner should flag: CBC modes (CVE-2008-5161), 3DES, RC4, Blowfish, CAST. */
export const WEAK_SSH_CIPHERS = ['3des-cbc', 'aes128-cbc', 'aes192-cbc', 'aes256-cbc', 'blowfish-cbc', 'cast128-cbc', 'arcfour', 'arcfour128', 'arcfour256', 'rijndael-cbc@lysator.liu.se', '3des-ctr'];
/** MACs a scanner should flag: MD5 and 96-bit truncations. */
export const WEAK_SSH_MACS = ['hmac-md5', 'hmac-md5-96', 'hmac-sha1-96', 'hmac-md5-etm@openssh.com', 'hmac-md5-96-etm@openssh.com', 'hmac-sha1-96-etm@openssh.com'];
/** Host key algorithms a scanner should flag (DSA, 1024-bit by definition). */
export const WEAK_SSH_HOSTKEYS = ['ssh-dss'];

/** Weakness ids implied by an algorithm list (so truth cannot drift from the bytes sent). */
export function sshAlgorithmWeaknesses(a: SshAlgorithms): string[] {
  const out: string[] = [];
  if (a.kex.some((k) => WEAK_SSH_KEX.includes(k))) out.push('ssh-weak-kex');
  if (a.ciphers.some((c) => WEAK_SSH_CIPHERS.includes(c))) out.push('ssh-weak-cipher');
  if (a.macs.some((m) => WEAK_SSH_MACS.includes(m))) out.push('ssh-weak-mac');
  if (a.hostKey.some((h) => WEAK_SSH_HOSTKEYS.includes(h))) out.push('ssh-weak-hostkey');
  return out;
}

const MODERN_CIPHERS = ['chacha20-poly1305@openssh.com', 'aes128-ctr', 'aes192-ctr', 'aes256-ctr', 'aes128-gcm@openssh.com', 'aes256-gcm@openssh.com'];
const MODERN_MACS = ['umac-64-etm@openssh.com', 'umac-128-etm@openssh.com', 'hmac-sha2-256-etm@openssh.com', 'hmac-sha2-512-etm@openssh.com', 'hmac-sha1-etm@openssh.com', 'umac-64@openssh.com', 'umac-128@openssh.com', 'hmac-sha2-256', 'hmac-sha2-512', 'hmac-sha1'];
const ECDH = ['ecdh-sha2-nistp256', 'ecdh-sha2-nistp384', 'ecdh-sha2-nistp521'];
const DH_SHA2 = ['diffie-hellman-group-exchange-sha256', 'diffie-hellman-group16-sha512', 'diffie-hellman-group18-sha512', 'diffie-hellman-group14-sha256'];
const COMP = ['none', 'zlib@openssh.com'];

const OPENSSH = { vendor: 'OpenBSD', product: 'OpenSSH' } as const;
const UBUNTU = (version?: string): OsTruth => ({ vendor: 'Ubuntu', product: 'Linux', ...(version ? { version } : {}) });

interface SshInput {
  profile: string; banner: string; vendor: string; product: string; version: string; cpe: string | null;
  os?: OsTruth; algorithms: SshAlgorithms; extra?: string[]; notWeaknesses?: string[]; description: string;
}

function ssh(i: SshInput): SshProfile {
  const weaknesses = [...sshAlgorithmWeaknesses(i.algorithms), ...(i.extra ?? [])];
  const p: SshProfile = {
    profile: i.profile, type: 'ssh', name: 'ssh', defaultPort: 22, vendor: i.vendor, product: i.product,
    version: i.version, cpe: i.cpe, weaknesses, description: i.description, banner: i.banner, algorithms: i.algorithms,
  };
  if (i.os) p.os = i.os;
  if (i.notWeaknesses) p.notWeaknesses = i.notWeaknesses;
  return p;
}

/** Every SSH profile. */
export const SSH_PROFILES: SshProfile[] = [
  ssh({
    profile: 'openssh-7.4-rhel7', banner: 'SSH-2.0-OpenSSH_7.4', ...OPENSSH, version: '7.4', cpe: 'cpe:/a:openbsd:openssh:7.4',
    os: { vendor: 'CentOS', product: 'Linux', version: '7' },
    description: 'OpenSSH 7.4 as shipped by RHEL/CentOS 7 (no distro comment in the banner), legacy algorithms still enabled',
    algorithms: {
      kex: ['curve25519-sha256', 'curve25519-sha256@libssh.org', ...ECDH, 'diffie-hellman-group-exchange-sha256', 'diffie-hellman-group16-sha512', 'diffie-hellman-group18-sha512', 'diffie-hellman-group-exchange-sha1', 'diffie-hellman-group14-sha256', 'diffie-hellman-group14-sha1', 'diffie-hellman-group1-sha1'],
      hostKey: ['ssh-rsa', 'rsa-sha2-512', 'rsa-sha2-256', 'ecdsa-sha2-nistp256', 'ssh-ed25519'],
      ciphers: [...MODERN_CIPHERS, 'aes128-cbc', 'aes192-cbc', 'aes256-cbc', 'blowfish-cbc', 'cast128-cbc', '3des-cbc'],
      macs: [...MODERN_MACS, 'hmac-md5', 'hmac-md5-96', 'hmac-sha1-96'], compression: COMP,
    },
  }),
  ssh({
    profile: 'openssh-8.2p1-ubuntu-4ubuntu0.5', banner: 'SSH-2.0-OpenSSH_8.2p1 Ubuntu-4ubuntu0.5', ...OPENSSH, version: '8.2p1',
    cpe: 'cpe:/a:openbsd:openssh:8.2p1', os: UBUNTU('20.04'), description: 'OpenSSH on Ubuntu 20.04 LTS (focal)',
    algorithms: {
      kex: ['curve25519-sha256', 'curve25519-sha256@libssh.org', ...ECDH, ...DH_SHA2],
      hostKey: ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa', 'ecdsa-sha2-nistp256', 'ssh-ed25519'],
      ciphers: MODERN_CIPHERS, macs: MODERN_MACS, compression: COMP,
    },
  }),
  ssh({
    profile: 'openssh-8.9p1-ubuntu-3ubuntu0.10', banner: 'SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10', ...OPENSSH, version: '8.9p1',
    cpe: 'cpe:/a:openbsd:openssh:8.9p1', os: UBUNTU('22.04'),
    description: 'OpenSSH on Ubuntu 22.04 LTS; upstream 8.9p1 is in CVE-2024-6387 range but Ubuntu fixed it in 1:8.9p1-3ubuntu0.10 (USN-6859-1)',
    notWeaknesses: ['CVE-2024-6387'],
    algorithms: {
      kex: ['curve25519-sha256', 'curve25519-sha256@libssh.org', ...ECDH, 'sntrup761x25519-sha512@openssh.com', ...DH_SHA2, 'kex-strict-s-v00@openssh.com'],
      hostKey: ['rsa-sha2-512', 'rsa-sha2-256', 'ecdsa-sha2-nistp256', 'ssh-ed25519'],
      ciphers: MODERN_CIPHERS, macs: MODERN_MACS, compression: COMP,
    },
  }),
  ssh({
    profile: 'openssh-9.2p1-debian-2+deb12u2', banner: 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u2', ...OPENSSH, version: '9.2p1',
    cpe: 'cpe:/a:openbsd:openssh:9.2p1', os: { vendor: 'Debian', product: 'Linux', version: '12.0' },
    description: 'OpenSSH on Debian 12 (bookworm) before DSA-5724-1: still vulnerable to CVE-2024-6387 (fixed in 1:9.2p1-2+deb12u3)',
    extra: ['CVE-2024-6387'],
    algorithms: {
      kex: ['sntrup761x25519-sha512@openssh.com', 'curve25519-sha256', 'curve25519-sha256@libssh.org', ...ECDH, ...DH_SHA2, 'kex-strict-s-v00@openssh.com'],
      hostKey: ['rsa-sha2-512', 'rsa-sha2-256', 'ecdsa-sha2-nistp256', 'ssh-ed25519'],
      ciphers: MODERN_CIPHERS, macs: MODERN_MACS, compression: COMP,
    },
  }),
  ssh({
    profile: 'openssh-9.6p1-ubuntu-3ubuntu13.5', banner: 'SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5', ...OPENSSH, version: '9.6p1',
    cpe: 'cpe:/a:openbsd:openssh:9.6p1', os: UBUNTU('24.04'),
    description: 'OpenSSH on Ubuntu 24.04 LTS; CVE-2024-6387 fixed in 1:9.6p1-3ubuntu13.3, so not vulnerable',
    notWeaknesses: ['CVE-2024-6387'],
    algorithms: {
      kex: ['sntrup761x25519-sha512@openssh.com', 'curve25519-sha256', 'curve25519-sha256@libssh.org', ...ECDH, ...DH_SHA2, 'kex-strict-s-v00@openssh.com'],
      hostKey: ['rsa-sha2-512', 'rsa-sha2-256', 'ecdsa-sha2-nistp256', 'ssh-ed25519'],
      ciphers: MODERN_CIPHERS, macs: MODERN_MACS, compression: COMP,
    },
  }),
  ssh({
    profile: 'openssh-9.8-freebsd', banner: 'SSH-2.0-OpenSSH_9.8 FreeBSD-20240806', ...OPENSSH, version: '9.8',
    cpe: 'cpe:/a:openbsd:openssh:9.8', os: { vendor: 'FreeBSD', product: 'FreeBSD' },
    description: 'OpenSSH in the FreeBSD base system (14.x)',
    algorithms: {
      kex: ['sntrup761x25519-sha512', 'sntrup761x25519-sha512@openssh.com', 'curve25519-sha256', 'curve25519-sha256@libssh.org', ...ECDH, ...DH_SHA2, 'kex-strict-s-v00@openssh.com'],
      hostKey: ['rsa-sha2-512', 'rsa-sha2-256', 'ecdsa-sha2-nistp256', 'ssh-ed25519'],
      ciphers: MODERN_CIPHERS, macs: MODERN_MACS, compression: COMP,
    },
  }),
  ssh({
    profile: 'dropbear-2020.81', banner: 'SSH-2.0-dropbear_2020.81', vendor: 'Dropbear SSH Project', product: 'Dropbear SSH',
    version: '2020.81', cpe: 'cpe:/a:dropbear_ssh_project:dropbear_ssh:2020.81',
    description: 'Dropbear on an embedded device (OpenWrt-style build with CBC and 3DES enabled)',
    algorithms: {
      kex: ['curve25519-sha256', 'curve25519-sha256@libssh.org', 'ecdh-sha2-nistp521', 'ecdh-sha2-nistp384', 'ecdh-sha2-nistp256', 'diffie-hellman-group14-sha256', 'diffie-hellman-group14-sha1', 'kexguess2@matt.ucc.asn.au'],
      hostKey: ['ecdsa-sha2-nistp256', 'ssh-rsa', 'ssh-dss'],
      ciphers: ['aes128-ctr', 'aes256-ctr', 'aes128-cbc', 'aes256-cbc', '3des-ctr', '3des-cbc'],
      macs: ['hmac-sha1-96', 'hmac-sha1', 'hmac-sha2-256'], compression: ['zlib@openssh.com', 'none'],
    },
  }),
  ssh({
    profile: 'dropbear-2022.83', banner: 'SSH-2.0-dropbear_2022.83', vendor: 'Dropbear SSH Project', product: 'Dropbear SSH',
    version: '2022.83', cpe: 'cpe:/a:dropbear_ssh_project:dropbear_ssh:2022.83',
    description: 'Dropbear with its default (modern) algorithm set',
    algorithms: {
      kex: ['curve25519-sha256', 'curve25519-sha256@libssh.org', 'ecdh-sha2-nistp521', 'ecdh-sha2-nistp384', 'ecdh-sha2-nistp256', 'diffie-hellman-group14-sha256', 'kexguess2@matt.ucc.asn.au'],
      hostKey: ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'rsa-sha2-256'],
      ciphers: ['chacha20-poly1305@openssh.com', 'aes128-ctr', 'aes256-ctr'],
      macs: ['hmac-sha1', 'hmac-sha2-256'], compression: ['zlib@openssh.com', 'none'],
    },
  }),
  ssh({
    profile: 'openssh-3.9p1-ssh1', banner: 'SSH-1.99-OpenSSH_3.9p1', ...OPENSSH, version: '3.9p1', cpe: 'cpe:/a:openbsd:openssh:3.9p1',
    os: { vendor: 'Red Hat', product: 'Enterprise Linux', version: '4' },
    description: 'OpenSSH 3.9p1 (RHEL 4 era) accepting both protocol 1 and 2 (SSH-1.99)',
    extra: ['ssh-protocol-1'],
    algorithms: {
      kex: ['diffie-hellman-group-exchange-sha1', 'diffie-hellman-group14-sha1', 'diffie-hellman-group1-sha1'],
      hostKey: ['ssh-rsa', 'ssh-dss'],
      ciphers: ['aes128-cbc', '3des-cbc', 'blowfish-cbc', 'cast128-cbc', 'arcfour', 'aes192-cbc', 'aes256-cbc', 'rijndael-cbc@lysator.liu.se', 'aes128-ctr', 'aes192-ctr', 'aes256-ctr'],
      macs: ['hmac-md5', 'hmac-sha1', 'hmac-ripemd160', 'hmac-ripemd160@openssh.com', 'hmac-sha1-96', 'hmac-md5-96'], compression: ['none', 'zlib'],
    },
  }),
  ssh({
    profile: 'cisco-ssh-1.25', banner: 'SSH-1.99-Cisco-1.25', vendor: 'Cisco', product: 'SSH', version: '1.25', cpe: null,
    os: { vendor: 'Cisco', product: 'IOS' }, description: 'Cisco IOS SSH server (ip ssh version 1/2 compatible), old 12.x/15.0 train',
    extra: ['ssh-protocol-1'],
    algorithms: {
      kex: ['diffie-hellman-group-exchange-sha1', 'diffie-hellman-group14-sha1', 'diffie-hellman-group1-sha1'],
      hostKey: ['ssh-rsa'], ciphers: ['aes128-cbc', '3des-cbc', 'aes192-cbc', 'aes256-cbc'],
      macs: ['hmac-sha1', 'hmac-sha1-96', 'hmac-md5', 'hmac-md5-96'], compression: ['none'],
    },
  }),
];
