/**
 * The version-info part of an nmap `match` line (`p/…/ v/…/ i/…/ h/…/ o/…/ d/…/ cpe:/…/a`)
 * and its template substitutions (`$1`, `$P(1)`, `$SUBST(1,"_",".")`, `$I(1,">")`), as
 * documented in nmap's "Service and Application Version Detection" chapter.
 */

/** The version fields of one match line, still templates. */
export interface VersionTemplate {
  p?: string;
  v?: string;
  i?: string;
  h?: string;
  o?: string;
  d?: string;
  /** CPE templates without the `cpe:/` prefix, e.g. `a:openbsd:openssh:$1`. */
  cpe: string[];
}

/**
 * Parses the text after a match line's regex. nmap finds each field's end with the first
 * occurrence of its delimiter (no escaping), so we do too. Returns undefined on garbage.
 */
export function parseVersionInfo(text: string): VersionTemplate | undefined {
  const t: VersionTemplate = { cpe: [] };
  let i = 0;
  while (i < text.length) {
    if (text[i] === ' ' || text[i] === '\t') {
      i++;
      continue;
    }
    const isCpe = text.startsWith('cpe:', i);
    const keyLen = isCpe ? 4 : 1;
    const key = isCpe ? 'cpe' : (text[i] as string);
    const delim = text[i + keyLen];
    if (delim === undefined || !/^(cpe|[pvihod])$/.test(key)) return undefined;
    const end = text.indexOf(delim, i + keyLen + 1);
    if (end < 0) return undefined;
    const value = text.slice(i + keyLen + 1, end);
    i = end + 1;
    if (key === 'cpe') {
      t.cpe.push(value);
      if (text[i] === 'a') i++; // "a" flag: the CPE is auto-generated; irrelevant here
    } else {
      t[key as 'p' | 'v' | 'i' | 'h' | 'o' | 'd'] = value;
    }
  }
  return t;
}

/** Keeps printable ASCII only, like nmap's `$P()`. */
function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '');
}

/** nmap's `$I(n,">")`: the captured bytes (≤ 8) as an unsigned big/little-endian integer. */
function unpackInt(s: string, endian: string): string {
  const bytes = [...s.slice(0, 8)].map((c) => c.charCodeAt(0) & 0xff);
  if (endian === '<') bytes.reverse();
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n.toString();
}

const SUBST = /\$(\d)|\$P\((\d)\)|\$SUBST\((\d),"([^"]*)","([^"]*)"\)|\$I\((\d),"([<>])"\)/g;

/** Fills a template from capture groups (`group(n)` is undefined when n did not participate). */
export function substitute(template: string, group: (n: number) => string | undefined): string {
  return template.replace(SUBST, (_all, d?: string, p?: string, sn?: string, from?: string, to?: string, inum?: string, endian?: string) => {
    if (d !== undefined) return group(Number(d)) ?? '';
    if (p !== undefined) return printable(group(Number(p)) ?? '');
    if (sn !== undefined) {
      const v = group(Number(sn)) ?? '';
      return from ? v.split(from).join(to ?? '') : v;
    }
    return unpackInt(group(Number(inum)) ?? '', endian ?? '>');
  });
}
