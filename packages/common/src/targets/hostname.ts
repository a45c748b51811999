/** Hostname validation per RFC 1123 §2.1 (labels of letters, digits and inner hyphens). */

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Returns the normalised hostname (lowercase, without a trailing root dot) or undefined when
 * the text is not a valid hostname. A name whose last label is all digits is refused: such
 * a name does not exist (RFC 3696 §2) and resolvers would read it as an address.
 */
export function normaliseHostname(text: string): string | undefined {
  let name = text.toLowerCase();
  if (name.endsWith('.')) name = name.slice(0, -1);
  if (name.length === 0 || name.length > 253) return undefined;
  const labels = name.split('.');
  if (!labels.every((l) => LABEL.test(l))) return undefined;
  if (/^\d+$/.test(labels[labels.length - 1] ?? '')) return undefined;
  return name;
}
