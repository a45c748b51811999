/**
 * Recognises distribution builds from what a service says about itself, so version rules can
 * compare against the distribution's fixed package instead of upstream's version:
 * `OpenSSH_9.2p1 Debian-2+deb12u2` (Debian 12, package `1:9.2p1-2+deb12u2`),
 * `OpenSSH_8.9p1 Ubuntu-3ubuntu0.10` (Ubuntu 22.04, `1:8.9p1-3ubuntu0.10`),
 * `Apache/2.4.37 (Red Hat Enterprise Linux)` (RHEL, revision not shown). Pure.
 */

/** Distributions Farsight tells apart. */
export type Distro = 'debian' | 'ubuntu' | 'raspbian' | 'rhel' | 'centos' | 'fedora' | 'rocky' | 'almalinux' | 'oracle' | 'amazon' | 'suse' | 'alpine' | 'freebsd';

/** A distribution build of a product. */
export interface DistroBuild {
  distro: Distro;
  /** Release, e.g. `12`, `22.04`, when it can be told. */
  release?: string;
  /** The full package version (dpkg/rpm form) when the service shows it, e.g. `1:8.9p1-3ubuntu0.10`. */
  packageVersion?: string;
  ecosystem?: 'dpkg' | 'rpm';
  /** Where it was seen: the service's own text or the host's OS guess. */
  source: 'service' | 'host-os';
  /** The text that revealed it, quoted in proofs. */
  evidence: string;
}

/** Human name of a distribution. */
export const DISTRO_NAMES: Readonly<Record<Distro, string>> = {
  debian: 'Debian', ubuntu: 'Ubuntu', raspbian: 'Raspbian', rhel: 'Red Hat Enterprise Linux', centos: 'CentOS', fedora: 'Fedora',
  rocky: 'Rocky Linux', almalinux: 'AlmaLinux', oracle: 'Oracle Linux', amazon: 'Amazon Linux', suse: 'SUSE', alpine: 'Alpine', freebsd: 'FreeBSD',
};

/** OpenSSH upstream version → the Debian release that shipped it. */
const DEBIAN_OPENSSH: Readonly<Record<string, string>> = { '6.7p1': '8', '7.4p1': '9', '7.9p1': '10', '8.4p1': '11', '9.2p1': '12', '10.0p1': '13' };
/** OpenSSH upstream version → the Ubuntu release that shipped it. */
const UBUNTU_OPENSSH: Readonly<Record<string, string>> = {
  '7.2p2': '16.04', '7.6p1': '18.04', '8.2p1': '20.04', '8.9p1': '22.04', '9.0p1': '22.10', '9.3p1': '23.10', '9.6p1': '24.04', '9.7p1': '24.10', '9.9p1': '25.04',
};

/** Reads a Debian/Ubuntu OpenSSH identification comment (`Debian-2+deb12u2`, `Ubuntu-3ubuntu0.10`). */
export function opensshDistroBuild(upstream: string, comment: string): DistroBuild | undefined {
  const m = /^(Debian|Ubuntu|Raspbian|FreeBSD)-(\S+)/.exec(comment.trim());
  if (!m) return undefined;
  const [, who, revision] = m as unknown as [string, string, string];
  const evidence = `OpenSSH_${upstream} ${comment.trim()}`;
  if (who === 'FreeBSD') return { distro: 'freebsd', source: 'service', evidence };
  if (who === 'Raspbian') return { distro: 'raspbian', source: 'service', evidence };
  // Debian and Ubuntu print the package revision; the epoch of their openssh package is 1.
  const packageVersion = `1:${upstream}-${revision}`;
  if (!/^[0-9A-Za-z.+~]+$/.test(revision)) return { distro: who === 'Debian' ? 'debian' : 'ubuntu', source: 'service', evidence };
  if (who === 'Debian') {
    const release = /\+deb(\d+)u\d+/.exec(revision)?.[1] ?? DEBIAN_OPENSSH[upstream];
    return { distro: 'debian', ...(release ? { release } : {}), packageVersion, ecosystem: 'dpkg', source: 'service', evidence };
  }
  const release = UBUNTU_OPENSSH[upstream];
  return { distro: 'ubuntu', ...(release ? { release } : {}), packageVersion, ecosystem: 'dpkg', source: 'service', evidence };
}

/** Distribution words in Server headers and banners, most specific first. */
const TEXT_MARKERS: ReadonlyArray<[RegExp, Distro]> = [
  [/\(Red Hat(?: Enterprise Linux)?\)|\bRed Hat\b|\.el\d+\b/i, 'rhel'],
  [/\bCentOS\b/i, 'centos'],
  [/\bFedora\b/i, 'fedora'],
  [/\bRocky\b/i, 'rocky'],
  [/\bAlmaLinux\b/i, 'almalinux'],
  [/\bAmazon\b|\.amzn\d/i, 'amazon'],
  [/\b(?:open)?SUSE\b/i, 'suse'],
  [/\bRaspbian\b/i, 'raspbian'],
  [/\bUbuntu\b|\dubuntu\d/i, 'ubuntu'],
  [/\bDebian\b|\+deb\d+u\d+/i, 'debian'],
  [/\bAlpine\b/i, 'alpine'],
  [/\bFreeBSD\b/i, 'freebsd'],
];

/** A distribution named in free text (Server header, banner, version string); revision not visible. */
export function distroFromText(text: string): DistroBuild | undefined {
  for (const [pattern, distro] of TEXT_MARKERS) {
    const m = pattern.exec(text);
    if (!m) continue;
    const release = distro === 'ubuntu' ? /ubuntu\d*\.?(\d\d\.\d\d)\b/i.exec(text)?.[1] : distro === 'debian' ? /\+deb(\d+)u/.exec(text)?.[1] : undefined;
    return { distro, ...(release ? { release } : {}), source: 'service', evidence: text.slice(0, 120) };
  }
  return undefined;
}

/** OS vendor names (Recog `os.vendor`) of distributions that backport fixes into older versions. */
const OS_VENDORS: ReadonlyArray<[RegExp, Distro]> = [
  [/^ubuntu$/i, 'ubuntu'], [/^debian$/i, 'debian'], [/^raspbian$/i, 'raspbian'], [/^red ?hat$/i, 'rhel'], [/^centos$/i, 'centos'],
  [/^fedora/i, 'fedora'], [/^rocky/i, 'rocky'], [/^alma/i, 'almalinux'], [/^oracle$/i, 'oracle'], [/^amazon$/i, 'amazon'],
  [/suse$/i, 'suse'], [/^alpine$/i, 'alpine'], [/^freebsd$/i, 'freebsd'],
];

/** The distribution the host's OS guess names, if it is one that backports fixes. */
export function distroFromHostOs(os: { vendor?: string; product?: string; version?: string }): DistroBuild | undefined {
  if (!os.vendor) return undefined;
  const hit = OS_VENDORS.find(([p]) => p.test(os.vendor as string));
  if (!hit) return undefined;
  const release = os.version ? /^(\d+(?:\.\d+)?)/.exec(os.version)?.[1] : undefined;
  const name = [os.vendor, os.product, os.version].filter(Boolean).join(' ');
  return { distro: hit[1], ...(release ? { release: hit[1] === 'debian' ? release.split('.')[0] as string : release } : {}), source: 'host-os', evidence: name };
}
