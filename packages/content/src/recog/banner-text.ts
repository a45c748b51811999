/**
 * Helpers that turn what a probe observed into the exact text a Recog match key expects
 * (docs/fingerprints.md has the table of keys).
 */

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Bytes → match text: UTF-8 when the bytes are valid UTF-8 (so fingerprints with non-ASCII
 * literals, e.g. localized MySQL errors, match), else Latin-1, one char per byte (so `\xNN`
 * escapes in binary fingerprints match byte-exactly).
 */
export function decodeBanner(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  }
}

/** Order in which Go's pkix.Name.String() — the format of Recog's x509 keys — lists attributes. */
const GO_ORDER = ['SERIALNUMBER', 'CN', 'OU', 'O', 'POSTALCODE', 'STREET', 'L', 'ST', 'C'];

const ALIASES: Readonly<Record<string, string>> = {
  commonName: 'CN',
  organizationName: 'O',
  organizationalUnitName: 'OU',
  localityName: 'L',
  stateOrProvinceName: 'ST',
  countryName: 'C',
  serialNumber: 'SERIALNUMBER',
  streetAddress: 'STREET',
  postalCode: 'POSTALCODE',
  S: 'ST',
};

/** RFC 2253 escaping of one attribute value (what Go does). */
function escapeValue(v: string): string {
  let out = v.replace(/[,+"\\<>;]/g, (c) => `\\${c}`);
  if (out.startsWith(' ') || out.startsWith('#')) out = `\\${out}`;
  if (out.endsWith(' ') && out.length > 1) out = `${out.slice(0, -1)}\\ `;
  return out;
}

/**
 * A certificate subject or issuer in the form of Recog's `x509.subject`/`x509.issuer` keys:
 * `CN=…,OU=…,O=…,L=…,ST=…,C=…` (Go's order, whatever the order inside the certificate), with
 * other attributes first-to-last after them. `name` is Node's X509Certificate `subject` /
 * `issuer` string (one `TYPE=value` per line) or a list of [type, value] pairs.
 */
export function recogDistinguishedName(name: string | ReadonlyArray<readonly [string, string]>): string {
  const pairs =
    typeof name === 'string'
      ? name
          .split('\n')
          .filter((l) => l.includes('='))
          .map((l): [string, string] => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])
      : name;
  const known: string[] = [];
  const extra: string[] = [];
  const normalized = pairs.map(([t, v]) => [ALIASES[t] ?? t, v] as const);
  for (const type of GO_ORDER) {
    // Go puts every value of one type in a single multi-valued RDN, written `T=a+T=b`.
    const same = normalized.filter(([t]) => t === type).map(([t, v]) => `${t}=${escapeValue(v)}`);
    if (same.length > 0) known.push(same.join('+'));
  }
  for (const [t, v] of normalized) if (!GO_ORDER.includes(t)) extra.push(`${t}=${escapeValue(v)}`);
  return [...known, ...extra].join(',');
}
