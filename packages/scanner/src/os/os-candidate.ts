/**
 * One OS hint from one service, and the fixed identities of the distributions we name —
 * in Recog's `os.*` naming (vendor `Ubuntu`, product `Linux`), so fingerprint params and
 * our own rules agree.
 */

/** One piece of OS evidence, before combination. */
export interface OsCandidate {
  /** Compatibility group: `ubuntu`, `debian`, `el`, `windows`, `freebsd`, … or a bare family (`linux`). */
  lineage: string;
  family: string;
  vendor?: string;
  product?: string;
  version?: string;
  cpe?: string;
  /** Strength of this single piece, 0..100. */
  weight: number;
  /** What was seen, for OsGuess.source. */
  source: string;
  /** Port of the service it came from (agreement is counted per service). */
  port?: number;
}

/** Lineages that are only a family: they agree with every lineage of that family. */
export const GENERIC: Record<string, string> = { linux: 'Linux', windows: 'Windows', unix: 'Unix' };

interface Distro { lineage: string; family: string; vendor: string; product: string; cpe: string }

const DISTROS: Record<string, Distro> = {
  ubuntu: { lineage: 'ubuntu', family: 'Linux', vendor: 'Ubuntu', product: 'Linux', cpe: 'canonical:ubuntu_linux' },
  debian: { lineage: 'debian', family: 'Linux', vendor: 'Debian', product: 'Linux', cpe: 'debian:debian_linux' },
  raspbian: { lineage: 'debian', family: 'Linux', vendor: 'Raspbian', product: 'Linux', cpe: 'raspbian:raspbian' },
  rhel: { lineage: 'el', family: 'Linux', vendor: 'Red Hat', product: 'Enterprise Linux', cpe: 'redhat:enterprise_linux' },
  centos: { lineage: 'el', family: 'Linux', vendor: 'CentOS', product: 'Linux', cpe: 'centos:centos' },
  rocky: { lineage: 'el', family: 'Linux', vendor: 'Rocky', product: 'Linux', cpe: 'rockylinux:rocky_linux' },
  alma: { lineage: 'el', family: 'Linux', vendor: 'AlmaLinux', product: 'Linux', cpe: 'almalinux:almalinux' },
  oracle: { lineage: 'el', family: 'Linux', vendor: 'Oracle', product: 'Linux', cpe: 'oracle:linux' },
  amazon: { lineage: 'amazon', family: 'Linux', vendor: 'Amazon', product: 'Linux', cpe: 'amazon:linux' },
  fedora: { lineage: 'fedora', family: 'Linux', vendor: 'Fedora Project', product: 'Fedora', cpe: 'fedoraproject:fedora' },
  suse: { lineage: 'suse', family: 'Linux', vendor: 'SUSE', product: 'Linux', cpe: 'suse:linux_enterprise_server' },
  gentoo: { lineage: 'gentoo', family: 'Linux', vendor: 'Gentoo', product: 'Linux', cpe: 'gentoo:linux' },
  freebsd: { lineage: 'freebsd', family: 'FreeBSD', vendor: 'FreeBSD', product: 'FreeBSD', cpe: 'freebsd:freebsd' },
  openbsd: { lineage: 'openbsd', family: 'OpenBSD', vendor: 'OpenBSD', product: 'OpenBSD', cpe: 'openbsd:openbsd' },
  netbsd: { lineage: 'netbsd', family: 'NetBSD', vendor: 'NetBSD', product: 'NetBSD', cpe: 'netbsd:netbsd' },
  windows: { lineage: 'windows', family: 'Windows', vendor: 'Microsoft', product: 'Windows', cpe: 'microsoft:windows' },
};

/** Candidate for a named distribution (keys of DISTROS), with an optional release. */
export function distro(id: string, version: string | undefined, weight: number, source: string): OsCandidate | undefined {
  const d = DISTROS[id];
  if (!d) return undefined;
  return {
    lineage: d.lineage, family: d.family, vendor: d.vendor, product: d.product,
    ...(version ? { version } : {}),
    cpe: `cpe:2.3:o:${d.cpe}:${version ?? '*'}:*:*:*:*:*:*:*`,
    weight, source,
  };
}

/** Candidate naming only a family (`Linux`, `Windows`, `Unix`), in Recog's generic naming. */
export function familyOnly(lineage: 'linux' | 'windows' | 'unix', weight: number, source: string): OsCandidate {
  if (lineage === 'linux') return { lineage, family: 'Linux', vendor: 'Linux', product: 'Linux', weight, source };
  if (lineage === 'windows') return { lineage, family: 'Windows', vendor: 'Microsoft', product: 'Windows', weight, source };
  return { lineage, family: GENERIC[lineage] ?? lineage, weight, source };
}

/** Distribution id for a word seen in parentheses (`Apache/2.4.6 (CentOS)`). */
export function distroFromWord(word: string): string | undefined {
  const w = word.toLowerCase();
  if (w.includes('ubuntu')) return 'ubuntu';
  if (w.includes('raspbian')) return 'raspbian';
  if (w.includes('debian')) return 'debian';
  if (w.includes('centos')) return 'centos';
  if (w.includes('red hat') || w.includes('redhat') || w === 'rhel') return 'rhel';
  if (w.includes('rocky')) return 'rocky';
  if (w.includes('alma')) return 'alma';
  if (w.includes('oracle')) return 'oracle';
  if (w.includes('amazon')) return 'amazon';
  if (w.includes('fedora')) return 'fedora';
  if (w.includes('suse')) return 'suse';
  if (w.includes('gentoo')) return 'gentoo';
  if (w.includes('freebsd')) return 'freebsd';
  if (w.includes('openbsd')) return 'openbsd';
  if (w.includes('netbsd')) return 'netbsd';
  if (/^win(32|64)$/.test(w) || w.includes('windows')) return 'windows';
  return undefined;
}
