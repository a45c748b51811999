/**
 * Labnet weakness ids (ground truth) → the finding id an active check reports for it. Weakness
 * ids absent here are not active-check findings (CVE-* come from version checks, NTP mode 6
 * has no check yet). `ftp-anonymous-writable` is reported only by the intrusive check.
 */
export const WEAKNESS_FINDING: Readonly<Record<string, string>> = {
  'tls-cert-expired': 'farsight-tls-cert-expired',
  'tls-cert-not-yet-valid': 'farsight-tls-cert-not-yet-valid',
  'tls-cert-self-signed': 'farsight-tls-cert-self-signed',
  'tls-cert-wrong-host': 'farsight-tls-cert-hostname-mismatch',
  'tls-cert-sha1': 'farsight-tls-cert-sha1-signature',
  'tls-cert-weak-key': 'farsight-tls-cert-weak-key',
  'tls-protocol-sslv3': 'farsight-tls-sslv3-enabled',
  'tls-protocol-tlsv1.0': 'farsight-tls-tlsv1.0-enabled',
  'tls-protocol-tlsv1.1': 'farsight-tls-tlsv1.1-enabled',
  'tls-weak-cipher-null': 'farsight-tls-cipher-null',
  'tls-weak-cipher-anon': 'farsight-tls-cipher-anon',
  'tls-weak-cipher-3des': 'farsight-tls-cipher-3des',
  'tls-weak-cipher-rc4': 'farsight-tls-cipher-rc4',
  'ssh-weak-kex': 'farsight-ssh-weak-kex',
  'ssh-weak-cipher': 'farsight-ssh-weak-cipher',
  'ssh-weak-mac': 'farsight-ssh-weak-mac',
  'ssh-weak-hostkey': 'farsight-ssh-weak-hostkey',
  'ssh-protocol-1': 'farsight-ssh-protocol-1',
  'ssh-password-auth': 'farsight-ssh-password-auth',
  'http-trace-enabled': 'farsight-http-trace-enabled',
  'http-directory-listing': 'farsight-http-directory-listing',
  'http-default-page': 'farsight-http-default-page',
  'http-missing-security-headers': 'farsight-http-missing-security-headers',
  'http-server-version-disclosure': 'farsight-http-server-version-disclosure',
  'elasticsearch-unauthenticated': 'farsight-elasticsearch-unauthenticated',
  'ftp-anonymous-login': 'farsight-ftp-anonymous-login',
  'ftp-anonymous-writable': 'farsight-ftp-anonymous-writable',
  'smtp-open-relay': 'farsight-smtp-open-relay',
  'smtp-vrfy-enabled': 'farsight-smtp-vrfy-enabled',
  'smtp-expn-enabled': 'farsight-smtp-expn-enabled',
  'redis-unauthenticated': 'farsight-redis-unauthenticated',
  'memcached-unauthenticated': 'farsight-memcached-unauthenticated',
  'mongodb-unauthenticated': 'farsight-mongodb-unauthenticated',
  'telnet-cleartext': 'farsight-telnet-enabled',
  'snmp-default-community': 'farsight-snmp-default-community',
};

/** Minimal shapes of ground truth and scan results this comparison reads. */
interface TruthLike { hosts: { address: string; services: { port: number; protocol: string; weaknesses: string[] }[] }[] }
interface ReportLike { hosts: { address: string; findings: unknown[] }[] }

/** `address port/proto finding-id` keys a correct scan reports (safe checks only unless `intrusive`). */
export function expectedFindings(truth: TruthLike, intrusive = false): Set<string> {
  const out = new Set<string>();
  for (const h of truth.hosts) {
    for (const s of h.services) {
      for (const w of s.weaknesses) {
        const id = WEAKNESS_FINDING[w];
        if (id && (intrusive || w !== 'ftp-anonymous-writable')) out.add(`${h.address} ${s.port}/${s.protocol} ${id}`);
      }
    }
  }
  return out;
}

/** The same keys for what a scan reported (instances collapse; other finding ids are ignored). */
export function reportedFindings(report: ReportLike): Set<string> {
  const ids = new Set(Object.values(WEAKNESS_FINDING));
  const out = new Set<string>();
  for (const h of report.hosts) {
    for (const f of h.findings as { id: string; port?: number; protocol?: string }[]) {
      if (ids.has(f.id)) out.add(`${h.address} ${f.port ?? 0}/${f.protocol ?? 'tcp'} ${f.id}`);
    }
  }
  return out;
}

/** Set difference, sorted (for readable assertion messages). */
export function minus(a: Set<string>, b: Set<string>): string[] {
  return [...a].filter((x) => !b.has(x)).sort();
}
