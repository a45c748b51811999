/**
 * The result model of authenticated (SSH) scanning: the per-host outcome of logging in, the
 * inventory collected, and what matching decided. These shapes appear as `hosts[].auth` in
 * `farsight scan --json` (docs/authenticated-scanning.md).
 */

/** How logging in to one host ended. */
export type AuthOutcome = 'success' | 'badcredential' | 'unavailable' | 'timedout' | 'error' | 'elevation-failed';

/** Every outcome, in the order the summary lists them. */
export const AUTH_OUTCOMES: readonly AuthOutcome[] = ['success', 'elevation-failed', 'badcredential', 'unavailable', 'timedout', 'error'];

/** Privilege elevation after login. */
export type ElevationMethod = 'sudo' | 'su';

/** The package manager whose database was read. */
export type PackageManager = 'dpkg' | 'rpm' | 'apk';

/** One installed package. `version` is in the manager's own syntax (dpkg `epoch:upstream-revision`, rpm `epoch:version-release`, apk `version-rN`). */
export interface InstalledPackage {
  name: string;
  version: string;
  arch?: string;
  /** Source package (dpkg source:Package, rpm SOURCERPM name, apk origin) when it differs or is known. */
  source?: string;
  /** Source version (dpkg source:Version), when known. */
  sourceVersion?: string;
}

/** One listening socket. */
export interface ListeningSocket {
  protocol: 'tcp' | 'udp';
  address: string;
  port: number;
}

/** What /etc/os-release (or a fallback file) says. */
export interface OsRelease {
  /** `ID`, e.g. `debian`, `ubuntu`, `alpine`, `rocky`, `rhel`. */
  id: string;
  versionId?: string;
  idLike?: string[];
  prettyName?: string;
  /** Which file said it: `/etc/os-release`, `/etc/lsb-release`, `/etc/redhat-release`, … */
  source: string;
}

/** The running kernel and the package it came from (when one matches `uname -r`). */
export interface RunningKernel {
  release: string;
  /** Advisory package name of the running kernel (`linux`, `kernel`, `linux-lts`). */
  package?: string;
  /** Installed version of the running kernel's package. */
  version?: string;
  /** Why no package was matched, when none was. */
  note?: string;
}

/** Everything collected from one host. */
export interface HostInventory {
  os?: OsRelease;
  /** OSV ecosystem of the host, e.g. `Debian:12`. */
  ecosystem?: string;
  kernel?: RunningKernel;
  arch?: string;
  packageManager?: PackageManager;
  packages: InstalledPackage[];
  sockets: ListeningSocket[];
  /** Debian family: CVE ids named in each package's changelog.Debian.gz, keyed by doc directory (binary package) name. */
  changelogCves?: Record<string, ChangelogEntry[]>;
  /** Commands that failed, timed out or hit their output cap (name → reason). */
  notes: Record<string, string>;
}

/** One version entry of a Debian changelog and the CVEs it names. */
export interface ChangelogEntry {
  source: string;
  version: string;
  cves: string[];
}

/** Why a local advisory did NOT apply to an installed package. */
export interface LocalInvulnerable {
  advisory: string;
  package: string;
  installedVersion: string;
  fixedVersion?: string;
  reason: string;
}

/** `hosts[].auth` of a scan result. */
export interface HostAuthResult {
  outcome: AuthOutcome;
  /** Name of the credential used (never its secret). */
  credential?: string;
  user?: string;
  port: number;
  method?: 'password' | 'publickey';
  elevation?: ElevationMethod;
  /** One line for humans: why this outcome. Never contains a secret. */
  detail: string;
  /** SHA-256 fingerprint of the host key seen (`SHA256:…`). */
  hostKey?: string;
  durationMs: number;
  inventory?: HostInventory;
  /** Advisories that named an installed package but did not apply, with the reason. */
  invulnerable?: LocalInvulnerable[];
}
