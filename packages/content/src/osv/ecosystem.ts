/**
 * OSV ecosystem strings of operating-system distributions (https://ossf.github.io/osv-schema/,
 * "Defined ecosystems"): `Debian:12`, `Ubuntu:22.04:LTS`, `Ubuntu:Pro:18.04:LTS`, `Alpine:v3.19`,
 * `Rocky Linux:9`, `AlmaLinux:9`, `Red Hat:enterprise_linux:9::baseos`, … and the version order
 * (dpkg, rpm or apk) each uses. Pure.
 */
import type { VersionEcosystem } from '@farsight/common';

/** A distribution ecosystem: which distro, which release (absent = every release), which version order. */
export interface OsEcosystem {
  /** The string as written in the advisory. */
  raw: string;
  /** Lower-case distro key: `debian`, `ubuntu`, `alpine`, `rocky`, `almalinux`, `redhat`, `suse`, `opensuse`. */
  distro: string;
  /** Release the advisory is for (`12`, `22.04`, `3.19`, `9`); undefined when it covers every release. */
  release?: string;
  /** The package version order of the distro. */
  scheme: VersionEcosystem;
}

interface Family { distro: string; scheme: VersionEcosystem }

const FAMILIES: ReadonlyMap<string, Family> = new Map([
  ['Debian', { distro: 'debian', scheme: 'dpkg' }],
  ['Ubuntu', { distro: 'ubuntu', scheme: 'dpkg' }],
  ['Alpine', { distro: 'alpine', scheme: 'apk' }],
  ['Rocky Linux', { distro: 'rocky', scheme: 'rpm' }],
  ['AlmaLinux', { distro: 'almalinux', scheme: 'rpm' }],
  ['Red Hat', { distro: 'redhat', scheme: 'rpm' }],
  ['SUSE', { distro: 'suse', scheme: 'rpm' }],
  ['openSUSE', { distro: 'opensuse', scheme: 'rpm' }],
]);

/**
 * Parses an OSV ecosystem string; undefined for ecosystems that are not an OS distribution
 * (npm, PyPI, …) or a distribution whose version order Farsight does not know.
 */
export function parseEcosystem(raw: string): OsEcosystem | undefined {
  const parts = raw.split(':');
  const family = FAMILIES.get(parts[0] ?? '');
  if (!family) return undefined;
  const rest = parts.slice(1);
  const release = releaseOf(family.distro, rest);
  return release === undefined ? { raw, ...family } : { raw, ...family, release };
}

function releaseOf(distro: string, rest: string[]): string | undefined {
  if (distro === 'ubuntu') {
    // Ubuntu:22.04:LTS, Ubuntu:Pro:18.04:LTS, Ubuntu:Pro:FIPS:20.04:LTS
    return rest.find((p) => /^\d+\.\d+$/.test(p));
  }
  if (distro === 'redhat') {
    // Red Hat:enterprise_linux:9::appstream, Red Hat:rhel_eus:9.2::baseos
    const stream = rest[1];
    return stream && /^\d+/.test(stream) ? stream.split('.')[0] : undefined;
  }
  const first = rest[0];
  if (first === undefined || first === '') return undefined;
  return distro === 'alpine' ? first.replace(/^v/, '') : first;
}

/** The facts of /etc/os-release that decide a host's ecosystem. */
export interface OsIdentity {
  /** `ID` (debian, ubuntu, alpine, rocky, rhel, almalinux, …). */
  id: string;
  /** `VERSION_ID` (12, 22.04, 3.19.1, 9.3). */
  versionId?: string;
  /** `ID_LIKE`, split on spaces. */
  idLike?: string[];
}

const ID_TO_FAMILY: ReadonlyMap<string, string> = new Map([
  ['debian', 'Debian'], ['ubuntu', 'Ubuntu'], ['alpine', 'Alpine'], ['rocky', 'Rocky Linux'],
  ['almalinux', 'AlmaLinux'], ['rhel', 'Red Hat'], ['sles', 'SUSE'], ['opensuse-leap', 'openSUSE'],
]);

/** The OSV ecosystem of a host from its os-release identity, or undefined when unknown. */
export function hostEcosystem(os: OsIdentity): OsEcosystem | undefined {
  const name = ID_TO_FAMILY.get(os.id);
  if (!name) return undefined;
  const family = FAMILIES.get(name);
  if (!family) return undefined;
  const v = os.versionId;
  let release: string | undefined;
  if (v !== undefined && v !== '') {
    if (family.distro === 'alpine') release = v.split('.').slice(0, 2).join('.');
    else if (family.distro === 'ubuntu' || family.distro === 'suse' || family.distro === 'opensuse') release = v;
    else release = v.split('.')[0];
  }
  const raw = family.distro === 'alpine' ? `${name}:v${release ?? ''}`
    : family.distro === 'ubuntu' ? `${name}:${release ?? ''}:LTS` : `${name}:${release ?? ''}`;
  return release === undefined ? { raw: name, ...family } : { raw, ...family, release };
}

/** True when an advisory's ecosystem covers a host's: same distro, and the same release unless the advisory names none. */
export function ecosystemCovers(advisory: OsEcosystem, host: OsEcosystem): boolean {
  if (advisory.distro !== host.distro) return false;
  return advisory.release === undefined || advisory.release === host.release;
}
