/**
 * Pure parsers of package-database listings: `dpkg-query -W` with Farsight's fixed format,
 * `rpm -qa --qf` with epoch/version/release/arch/source rpm, and apk's installed database
 * (`P:`/`V:`/`A:`/`o:` lines) or `apk info -v`. Lines that do not fit are skipped and counted,
 * never guessed at; at most MAX_PACKAGES are kept.
 */
import type { InstalledPackage } from './types.ts';

/** Most packages kept from one host. */
export const MAX_PACKAGES = 200_000;

/** Parsed packages plus the number of lines that were not understood. */
export interface PackageList {
  packages: InstalledPackage[];
  skipped: number;
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9+._:@~-]{0,255}$/;
const VERSION_RE = /^[\x21-\x7e]{1,256}$/;

/** `name\tversion\tsource\tsourceVersion\tarch\tstatus` lines; only packages whose state is installed (`i`, or `W`/`t` awaiting triggers). */
export function parseDpkgList(text: string): PackageList {
  const packages: InstalledPackage[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const [name = '', version = '', source = '', sourceVersion = '', arch = '', status = ''] = line.split('\t');
    // db:Status-Abbrev is want/state/error: the state letter 'i' is installed; 'c' (config-files), 'n' (not installed) carry no package.
    const state = status.length >= 2 ? status[1] : 'i';
    if (state !== 'i' && state !== 'W' && state !== 't') continue;
    if (!NAME_RE.test(name) || !VERSION_RE.test(version) || packages.length >= MAX_PACKAGES) { skipped++; continue; }
    const pkg: InstalledPackage = { name, version };
    if (arch !== '' && NAME_RE.test(arch)) pkg.arch = arch;
    if (source !== '' && NAME_RE.test(source)) pkg.source = source;
    if (sourceVersion !== '' && VERSION_RE.test(sourceVersion)) pkg.sourceVersion = sourceVersion;
    packages.push(pkg);
  }
  return { packages, skipped };
}

/** The source package name of an rpm's SOURCERPM (`openssh-8.7p1-38.el9.src.rpm` → `openssh`). */
export function rpmSourceName(sourceRpm: string): string | undefined {
  const m = /^(.+)-[^-]+-[^-]+\.(?:no)?src\.rpm$/.exec(sourceRpm);
  return m ? m[1] : undefined;
}

/** `name\tepoch\tversion\trelease\tarch\tsourcerpm` lines; version becomes `[epoch:]version-release`. */
export function parseRpmList(text: string): PackageList {
  const packages: InstalledPackage[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const [name = '', epoch = '', version = '', release = '', arch = '', sourceRpm = ''] = line.split('\t');
    const epochOk = epoch === '(none)' || epoch === '' || /^\d{1,10}$/.test(epoch);
    if (!NAME_RE.test(name) || !VERSION_RE.test(version) || !VERSION_RE.test(release) || !epochOk || packages.length >= MAX_PACKAGES) { skipped++; continue; }
    const evr = `${epoch === '(none)' || epoch === '' || epoch === '0' ? '' : `${epoch}:`}${version}-${release}`;
    const pkg: InstalledPackage = { name, version: evr };
    if (arch !== '' && arch !== '(none)' && NAME_RE.test(arch)) pkg.arch = arch;
    const source = rpmSourceName(sourceRpm);
    if (source !== undefined && NAME_RE.test(source)) pkg.source = source;
    packages.push(pkg);
  }
  return { packages, skipped };
}

/** apk output: `@@apk-db` then `P:`/`V:`/`A:`/`o:` lines, or `@@apk-info` then `name-version-rN` lines. */
export function parseApkList(text: string): PackageList {
  const lines = text.split('\n');
  const mode = lines.find((l) => l.startsWith('@@'))?.trim();
  return mode === '@@apk-info' ? parseApkInfo(lines) : parseApkDb(lines);
}

function parseApkDb(lines: string[]): PackageList {
  const packages: InstalledPackage[] = [];
  let skipped = 0;
  let cur: Partial<InstalledPackage> | undefined;
  const flush = (): void => {
    if (!cur) return;
    if (cur.name && cur.version && NAME_RE.test(cur.name) && VERSION_RE.test(cur.version) && packages.length < MAX_PACKAGES) packages.push(cur as InstalledPackage);
    else skipped++;
    cur = undefined;
  };
  for (const line of lines) {
    const key = line.slice(0, 2);
    const value = line.slice(2).trim();
    if (key === 'P:') { flush(); cur = { name: value }; } else if (!cur) continue;
    else if (key === 'V:') cur.version = value;
    else if (key === 'A:' && NAME_RE.test(value)) cur.arch = value;
    else if (key === 'o:' && NAME_RE.test(value)) cur.source = value;
  }
  flush();
  return { packages, skipped };
}

function parseApkInfo(lines: string[]): PackageList {
  const packages: InstalledPackage[] = [];
  let skipped = 0;
  for (const line of lines) {
    const l = line.trim();
    if (l === '' || l.startsWith('@@')) continue;
    const m = /^(.+?)-(\d[^-]*-r\d+)$/.exec(l);
    if (!m || !NAME_RE.test(m[1] as string) || packages.length >= MAX_PACKAGES) { skipped++; continue; }
    packages.push({ name: m[1] as string, version: m[2] as string });
  }
  return { packages, skipped };
}
