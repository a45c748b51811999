/** Vulnerability definitions of the TLS checks. */
import type { VulnDefinition } from '../vuln-def.ts';
import type { WeakCipherClass } from './tls-hello.ts';

const CONFIG = 'configuration' as const;
const MOZILLA = 'https://wiki.mozilla.org/Security/Server_Side_TLS';

/** Protocol version findings. */
export const TLS_PROTOCOL_DEFS = {
  sslv3: {
    id: 'farsight-tls-sslv3-enabled', title: 'SSL 3.0 protocol enabled', severity: 'medium',
    description: 'The server accepts SSL 3.0, which is broken by the POODLE padding-oracle attack and prohibited by RFC 7568.',
    cvss31: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:N/A:N', cves: ['CVE-2014-3566'], cwes: ['CWE-327'],
    solution: { type: CONFIG, text: 'Disable SSL 3.0 (e.g. Apache `SSLProtocol -all +TLSv1.2 +TLSv1.3`, nginx `ssl_protocols TLSv1.2 TLSv1.3;`).' },
    references: ['https://www.rfc-editor.org/rfc/rfc7568', MOZILLA],
  },
  tls10: {
    id: 'farsight-tls-tlsv1.0-enabled', title: 'TLS 1.0 protocol enabled', severity: 'medium',
    description: 'The server accepts TLS 1.0, deprecated by RFC 8996 (weak CBC constructions, SHA-1/MD5 handshake hashes).',
    cvss31: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N', cves: [], cwes: ['CWE-327'],
    solution: { type: CONFIG, text: 'Allow only TLS 1.2 and TLS 1.3.' },
    references: ['https://www.rfc-editor.org/rfc/rfc8996', MOZILLA],
  },
  tls11: {
    id: 'farsight-tls-tlsv1.1-enabled', title: 'TLS 1.1 protocol enabled', severity: 'medium',
    description: 'The server accepts TLS 1.1, deprecated by RFC 8996.',
    cvss31: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N', cves: [], cwes: ['CWE-327'],
    solution: { type: CONFIG, text: 'Allow only TLS 1.2 and TLS 1.3.' },
    references: ['https://www.rfc-editor.org/rfc/rfc8996', MOZILLA],
  },
} satisfies Record<string, VulnDefinition>;

const cipherDef = (cls: WeakCipherClass, title: string, severity: VulnDefinition['severity'], cvss31: string, cves: string[], why: string): VulnDefinition => ({
  id: `farsight-tls-cipher-${cls}`, title, severity, description: `The server negotiates ${why}`, cvss31, cves, cwes: ['CWE-327'],
  solution: { type: CONFIG, text: 'Remove the suite from the server cipher list; prefer ECDHE with AES-GCM or ChaCha20-Poly1305.' },
  references: [MOZILLA, 'https://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml'],
});

/** Weak cipher class findings. */
export const TLS_CIPHER_DEFS: Record<WeakCipherClass, VulnDefinition> = {
  null: cipherDef('null', 'TLS NULL cipher suites accepted', 'high', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N', [], 'a NULL (no encryption) cipher suite: traffic is sent in clear.'),
  export: cipherDef('export', 'TLS EXPORT cipher suites accepted', 'high', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N', ['CVE-2015-0204'], 'a 40/56-bit EXPORT cipher suite (FREAK, Logjam).'),
  anon: cipherDef('anon', 'TLS anonymous (unauthenticated) cipher suites accepted', 'high', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N', [], 'an anonymous Diffie-Hellman suite: the server is not authenticated, so anyone in the path can intercept.'),
  rc4: cipherDef('rc4', 'TLS RC4 cipher suites accepted', 'medium', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N', ['CVE-2013-2566', 'CVE-2015-2808'], 'an RC4 suite, prohibited by RFC 7465 (keystream biases).'),
  des: cipherDef('des', 'TLS single-DES cipher suites accepted', 'medium', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N', [], 'a 56-bit DES suite that can be brute-forced.'),
  '3des': cipherDef('3des', 'TLS 3DES cipher suites accepted (SWEET32)', 'medium', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N', ['CVE-2016-2183'], 'a 64-bit block cipher suite (3DES), open to SWEET32 birthday attacks on long connections.'),
};

/** Certificate findings. */
export const TLS_CERT_DEFS = {
  expired: {
    id: 'farsight-tls-cert-expired', title: 'TLS certificate expired', severity: 'medium',
    description: 'The certificate\'s notAfter date has passed; clients either fail or users learn to click through warnings.',
    cvss31: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N', cves: [], cwes: ['CWE-298'],
    solution: { type: CONFIG, text: 'Renew the certificate and automate renewal (e.g. ACME).' }, references: ['https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5'],
  },
  notYetValid: {
    id: 'farsight-tls-cert-not-yet-valid', title: 'TLS certificate not yet valid', severity: 'medium',
    description: 'The certificate\'s notBefore date is in the future (wrong clock on the issuer or server).',
    cvss31: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N', cves: [], cwes: ['CWE-298'],
    solution: { type: CONFIG, text: 'Install a certificate whose validity has started; check the server and CA clocks.' }, references: ['https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5'],
  },
  selfSigned: {
    id: 'farsight-tls-cert-self-signed', title: 'TLS certificate is self-signed', severity: 'medium',
    description: 'The certificate is signed by its own key, so clients cannot authenticate the server.',
    cvss31: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N', cves: [], cwes: ['CWE-295'],
    solution: { type: CONFIG, text: 'Use a certificate issued by a CA the clients trust (public or internal).' }, references: ['https://cwe.mitre.org/data/definitions/295.html'],
  },
  wrongHost: {
    id: 'farsight-tls-cert-hostname-mismatch', title: 'TLS certificate does not match the host name', severity: 'medium',
    description: 'No subjectAltName (or CN) of the certificate matches the scanned host name or address (RFC 6125).',
    cvss31: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N', cves: [], cwes: ['CWE-297'],
    solution: { type: CONFIG, text: 'Issue the certificate for the names clients use to reach this service.' }, references: ['https://www.rfc-editor.org/rfc/rfc6125'],
  },
  weakKey: {
    id: 'farsight-tls-cert-weak-key', title: 'TLS certificate key too small', severity: 'medium',
    description: 'The certificate public key is shorter than 2048 bits (RSA/DSA) or 224 bits (EC) and can be factored or broken.',
    cvss31: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N', cves: [], cwes: ['CWE-326'],
    solution: { type: CONFIG, text: 'Reissue the certificate with an RSA 2048+ or EC P-256+ key.' }, references: ['https://nvlpubs.nist.gov/nistpubs/SpecialPublications/NIST.SP.800-131Ar2.pdf'],
  },
  sha1: {
    id: 'farsight-tls-cert-sha1-signature', title: 'TLS certificate signed with SHA-1 or MD5', severity: 'medium',
    description: 'The certificate signature uses SHA-1 or MD5, for which chosen-prefix collisions are practical (SHAttered, Flame).',
    cvss31: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N', cves: [], cwes: ['CWE-328'],
    solution: { type: CONFIG, text: 'Reissue the certificate with a SHA-256 (or stronger) signature.' }, references: ['https://shattered.io/'],
  },
} satisfies Record<string, VulnDefinition>;
