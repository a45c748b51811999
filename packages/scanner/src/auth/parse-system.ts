/**
 * Pure parsers for the `system` command's output: marked sections (`@@name`), os-release
 * (freedesktop.org os-release(5) shell-style assignments) and the old fallbacks
 * (/etc/lsb-release, /etc/redhat-release, /etc/alpine-release, /etc/debian_version).
 */
import type { OsRelease, PackageManager } from './types.ts';

/** Splits `@@name` marked output into name → text. Unknown text before the first marker is dropped. */
export function splitSections(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let name: string | undefined;
  let lines: string[] = [];
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    const m = /^@@([a-z_.-]+)$/.exec(line);
    if (m) {
      if (name !== undefined) out.set(name, lines.join('\n').trim());
      name = m[1];
      lines = [];
    } else if (name !== undefined) {
      lines.push(line);
    }
  }
  if (name !== undefined && name !== 'end') out.set(name, lines.join('\n').trim());
  return out;
}

/** Parses os-release style `KEY=value` lines (values may be quoted with ' or " and use \ escapes). */
export function parseKeyValues(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const m = /^\s*([A-Z][A-Z0-9_]*)=(.*)$/.exec(raw);
    if (!m) continue;
    let v = (m[2] as string).trim();
    const q = v[0];
    if ((q === '"' || q === "'") && v.length >= 2 && v.endsWith(q)) {
      v = v.slice(1, -1);
      if (q === '"') v = v.replace(/\\([$"`\\])/g, '$1');
    }
    out.set(m[1] as string, v.slice(0, 256));
  }
  return out;
}

const ID_RE = /^[a-z0-9._-]{1,64}$/;

/** The OS identity from the `system` sections, trying os-release first, then the older files. */
export function parseOsRelease(sections: ReadonlyMap<string, string>): OsRelease | undefined {
  const osr = parseKeyValues(sections.get('os-release') ?? '');
  const id = osr.get('ID')?.toLowerCase();
  if (id && ID_RE.test(id)) {
    const idLike = osr.get('ID_LIKE')?.toLowerCase().split(/\s+/).filter((x) => ID_RE.test(x));
    return {
      id, source: '/etc/os-release',
      ...optional('versionId', osr.get('VERSION_ID')),
      ...(idLike && idLike.length > 0 ? { idLike } : {}),
      ...optional('prettyName', osr.get('PRETTY_NAME')),
    };
  }
  const lsb = parseKeyValues(sections.get('lsb-release') ?? '');
  const lsbId = lsb.get('DISTRIB_ID')?.toLowerCase();
  if (lsbId && ID_RE.test(lsbId)) {
    return { id: lsbId, source: '/etc/lsb-release', ...optional('versionId', lsb.get('DISTRIB_RELEASE')), ...optional('prettyName', lsb.get('DISTRIB_DESCRIPTION')) };
  }
  const rh = (sections.get('redhat-release') ?? '').split('\n')[0]?.trim() ?? '';
  const rhm = /^(Rocky Linux|AlmaLinux|Red Hat Enterprise Linux|CentOS(?: Stream| Linux)?|Fedora)\b.*?release (\d+(?:\.\d+)?)/i.exec(rh);
  if (rhm) {
    const name = (rhm[1] as string).toLowerCase();
    const id = name.startsWith('rocky') ? 'rocky' : name.startsWith('alma') ? 'almalinux' : name.startsWith('red hat') ? 'rhel' : name.startsWith('fedora') ? 'fedora' : 'centos';
    return { id, versionId: rhm[2] as string, idLike: ['rhel', 'fedora'], prettyName: rh.slice(0, 256), source: '/etc/redhat-release' };
  }
  const alpine = (sections.get('alpine-release') ?? '').trim();
  if (/^\d+\.\d+(\.\d+)?$/.test(alpine)) return { id: 'alpine', versionId: alpine, source: '/etc/alpine-release' };
  const deb = (sections.get('debian_version') ?? '').trim();
  const debm = /^(\d+)(?:\.\d+)?$/.exec(deb);
  if (debm) return { id: 'debian', versionId: debm[1] as string, source: '/etc/debian_version' };
  return undefined;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined || value === '' ? {} : ({ [key]: value } as Record<K, string>);
}

/** The package manager of an OS (by ID, then ID_LIKE); undefined when unknown. */
export function packageManagerOf(os: OsRelease | undefined): PackageManager | undefined {
  if (!os) return undefined;
  for (const id of [os.id, ...(os.idLike ?? [])]) {
    if (id === 'debian' || id === 'ubuntu') return 'dpkg';
    if (id === 'alpine') return 'apk';
    if (['rhel', 'fedora', 'centos', 'rocky', 'almalinux', 'suse', 'sles', 'opensuse', 'amzn', 'ol'].includes(id)) return 'rpm';
  }
  return undefined;
}

/** First line of a section, limited to printable ASCII (uname output). */
export function firstLine(sections: ReadonlyMap<string, string>, name: string): string | undefined {
  const line = (sections.get(name) ?? '').split('\n')[0]?.trim() ?? '';
  return /^[\x21-\x7e]{1,128}$/.test(line) ? line : undefined;
}
