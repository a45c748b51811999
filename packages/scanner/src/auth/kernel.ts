/**
 * The running kernel (`uname -r`) and the installed package it came from. Kernel advisories
 * are matched against the running kernel only: an installed but not booted kernel image is
 * not what the host runs, and a booted kernel whose package was already upgraded is still
 * vulnerable until reboot. Pure.
 */
import type { InstalledPackage, PackageManager, RunningKernel } from './types.ts';

/**
 * The source package advisories name for a kernel image: Debian's signed wrappers
 * (`linux-signed-amd64`) are `linux`; Ubuntu's (`linux-signed`, `linux-signed-hwe-5.15`) drop
 * `-signed` (`linux`, `linux-hwe-5.15`).
 */
export function kernelSource(imageSource: string | undefined): string {
  if (!imageSource || /^linux-signed-(amd64|arm64|i386|armhf|ppc64el|s390x)$/.test(imageSource)) return 'linux';
  return imageSource.startsWith('linux-signed') ? imageSource.replace('linux-signed', 'linux') : imageSource;
}

/** True for packages built from the kernel source (never matched as ordinary packages). */
export function isKernelPackage(manager: PackageManager, p: InstalledPackage): boolean {
  if (manager === 'dpkg') return p.source === 'linux' || (p.source ?? '').startsWith('linux-signed') || /^linux-(image|modules|headers|buildinfo|tools)-/.test(p.name);
  if (manager === 'rpm') return p.name === 'kernel' || p.name === 'kernel-core' || p.name === 'kernel-modules' || p.name === 'kernel-modules-core';
  return /^linux-(lts|virt|edge|rpi\d*)$/.test(p.name);
}

/**
 * Finds the running kernel's package. Returns the kernel facts and the package(s) to match
 * in place of every kernel package: a pseudo entry named like the advisories name the kernel
 * (`linux` for Debian/Ubuntu, `kernel`/`kernel-core` for RPM distros, `linux-<flavour>` for Alpine).
 */
export function runningKernel(manager: PackageManager, release: string, packages: readonly InstalledPackage[]): { kernel: RunningKernel; match: InstalledPackage[] } {
  if (manager === 'dpkg') {
    const image = packages.find((p) => p.name === `linux-image-${release}` || p.name === `linux-image-unsigned-${release}`);
    if (!image) return { kernel: { release, note: `no installed package linux-image-${release}: the running kernel was not installed by dpkg (container or custom kernel)` }, match: [] };
    // The image's own version is the kernel source version (the signed wrapper's source version differs: 6.1.76+1 vs 6.1.76-1).
    const source = kernelSource(image.source);
    return { kernel: { release, package: source, version: image.version }, match: [{ name: image.name, version: image.version, source, sourceVersion: image.version }] };
  }
  if (manager === 'rpm') {
    const match = packages.filter((p) => isKernelPackage(manager, p) && `${p.version.replace(/^\d+:/, '')}.${p.arch ?? ''}` === release);
    const first = match[0];
    if (!first) return { kernel: { release, note: `no installed kernel package has version-release.arch ${release}` }, match: [] };
    return { kernel: { release, package: first.name, version: first.version }, match };
  }
  // Alpine: 6.6.14-0-lts is linux-lts 6.6.14-r0.
  const m = /^(\d+\.\d+(?:\.\d+)?)-(\d+)-([a-z0-9]+)$/.exec(release);
  const name = m ? `linux-${m[3]}` : undefined;
  const pkg = name ? packages.find((p) => p.name === name) : undefined;
  if (!m || !pkg) return { kernel: { release, note: `no installed package matches the running kernel ${release}` }, match: [] };
  if (pkg.version !== `${m[1]}-r${m[2]}`) {
    return { kernel: { release, package: name, note: `${name} ${pkg.version} is installed but ${release} is running (reboot pending); matched as running` }, match: [{ name: pkg.name, version: `${m[1]}-r${m[2]}`, source: pkg.source ?? pkg.name }] };
  }
  return { kernel: { release, package: name, version: pkg.version }, match: [pkg] };
}
