/** Vulnerability definitions and weak-algorithm tables of the SSH checks. */
import type { VulnDefinition } from '../vuln-def.ts';

/** KEX methods with SHA-1 or 1024-bit groups (RFC 9142 §4 "SHOULD NOT"/"MUST NOT"). */
export const WEAK_KEX = ['diffie-hellman-group1-sha1', 'diffie-hellman-group14-sha1', 'diffie-hellman-group-exchange-sha1', 'rsa1024-sha1', 'gss-group1-sha1-toWM5Slw5Ew8Mqkay+al2g=='];
/** CBC modes (CVE-2008-5161 plaintext recovery), 3DES, RC4 (arcfour), Blowfish, CAST, none. */
export const WEAK_CIPHERS = ['3des-cbc', 'aes128-cbc', 'aes192-cbc', 'aes256-cbc', 'blowfish-cbc', 'cast128-cbc', 'arcfour', 'arcfour128', 'arcfour256', 'rijndael-cbc@lysator.liu.se', '3des-ctr', 'des-cbc', 'none'];
/** MD5 and 96-bit truncated MACs, and `none`. */
export const WEAK_MACS = ['hmac-md5', 'hmac-md5-96', 'hmac-sha1-96', 'hmac-md5-etm@openssh.com', 'hmac-md5-96-etm@openssh.com', 'hmac-sha1-96-etm@openssh.com', 'none'];
/** DSA host keys (1024-bit by definition, removed from OpenSSH 10). */
export const WEAK_HOSTKEYS = ['ssh-dss'];

const CONFIG = 'configuration' as const;
const SSH_AUDIT = 'https://www.ssh-audit.com/hardening_guides.html';
const algo = (id: string, title: string, what: string, cves: string[], ref: string): VulnDefinition => ({
  id, title, severity: 'low', description: `The server offers ${what} in its SSH_MSG_KEXINIT; a client that prefers them, or a downgrade, weakens the session.`,
  cvss31: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N', cves, cwes: ['CWE-327'],
  solution: { type: CONFIG, text: 'Remove them from KexAlgorithms/Ciphers/MACs/HostKeyAlgorithms in sshd_config.' }, references: [ref, SSH_AUDIT],
});

/** SSH definitions. */
export const SSH_DEFS = {
  kex: algo('farsight-ssh-weak-kex', 'SSH weak key exchange algorithms offered', 'key exchange methods using SHA-1 or 1024-bit groups', [], 'https://www.rfc-editor.org/rfc/rfc9142'),
  cipher: algo('farsight-ssh-weak-cipher', 'SSH weak ciphers offered', 'CBC-mode, 3DES, RC4, Blowfish or CAST ciphers', ['CVE-2008-5161'], 'https://www.kb.cert.org/vuls/id/958563'),
  mac: algo('farsight-ssh-weak-mac', 'SSH weak MAC algorithms offered', 'MD5-based or 96-bit truncated MACs', [], 'https://www.rfc-editor.org/rfc/rfc6668'),
  hostKey: algo('farsight-ssh-weak-hostkey', 'SSH DSA host key offered', 'the ssh-dss (1024-bit DSA) host key algorithm', [], 'https://www.openssh.com/txt/release-7.0'),
  protocol1: {
    id: 'farsight-ssh-protocol-1', title: 'SSH protocol version 1 supported', severity: 'high',
    description: 'The identification string (SSH-1.x or SSH-1.99) says the server speaks SSH protocol 1, which has known session hijacking and CRC-32 compensation attack flaws.',
    cvss31: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N', cves: ['CVE-2001-0361', 'CVE-2001-0144'], cwes: ['CWE-327'],
    solution: { type: CONFIG, text: 'Set `Protocol 2` (or upgrade to an SSH server that has no protocol 1).' },
    references: ['https://www.rfc-editor.org/rfc/rfc4253#section-5.1'],
  },
  password: {
    id: 'farsight-ssh-password-auth', title: 'SSH password authentication offered', severity: 'low',
    description: 'The server lists `password` (or `keyboard-interactive`) among its authentication methods, so accounts can be brute-forced from the network.',
    cvss31: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N', cves: [], cwes: ['CWE-307'],
    solution: { type: CONFIG, text: 'Use public keys only: `PasswordAuthentication no` and `KbdInteractiveAuthentication no` in sshd_config.' },
    references: ['https://www.rfc-editor.org/rfc/rfc4252#section-5.2'],
  },
} satisfies Record<string, VulnDefinition>;
