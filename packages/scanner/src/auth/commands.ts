/**
 * The fixed command strings of authenticated collection. They are constants: nothing read
 * from a scanned host is ever spliced into a command (a hostile host cannot inject). Which
 * package command runs is chosen among these constants by the detected OS family. Each has
 * its own deadline and output cap.
 */

/** A named command with its limits. */
export interface CollectCommand {
  name: string;
  command: string;
  timeoutMs: number;
  maxBytes: number;
}

const MIB = 1024 * 1024;

/** Kernel, architecture and every OS release file, in marked sections (`@@name`). */
export const SYSTEM_COMMAND: CollectCommand = {
  name: 'system',
  command: 'echo @@uname-r; uname -r; echo @@uname-m; uname -m; '
    + 'echo @@os-release; cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null; '
    + 'echo @@lsb-release; cat /etc/lsb-release 2>/dev/null; '
    + 'echo @@redhat-release; cat /etc/redhat-release 2>/dev/null; '
    + 'echo @@alpine-release; cat /etc/alpine-release 2>/dev/null; '
    + 'echo @@debian_version; cat /etc/debian_version 2>/dev/null; echo @@end',
  timeoutMs: 15_000,
  maxBytes: 64 * 1024,
};

/** dpkg: binary package, version, source package, source version, architecture, status. */
export const DPKG_COMMAND: CollectCommand = {
  name: 'packages',
  command: "dpkg-query -W -f='${binary:Package}\\t${Version}\\t${source:Package}\\t${source:Version}\\t${Architecture}\\t${db:Status-Abbrev}\\n'",
  timeoutMs: 60_000,
  maxBytes: 32 * MIB,
};

/** rpm: name, epoch, version, release, arch, source rpm. */
export const RPM_COMMAND: CollectCommand = {
  name: 'packages',
  command: "rpm -qa --qf '%{NAME}\\t%{EPOCH}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\t%{SOURCERPM}\\n'",
  timeoutMs: 60_000,
  maxBytes: 32 * MIB,
};

/** apk: the installed database's package, version, arch and origin lines; `apk info -v` when it is unreadable. */
export const APK_COMMAND: CollectCommand = {
  name: 'packages',
  command: "if [ -r /lib/apk/db/installed ]; then echo @@apk-db; grep -E '^[PVAo]:' /lib/apk/db/installed; else echo @@apk-info; apk info -v 2>/dev/null; fi",
  timeoutMs: 60_000,
  maxBytes: 32 * MIB,
};

/** Listening TCP/UDP sockets: `ss`, or `netstat` on systems without iproute2. */
export const SOCKETS_COMMAND: CollectCommand = {
  name: 'sockets',
  command: 'ss -tulnH 2>/dev/null || netstat -tuln 2>/dev/null',
  timeoutMs: 15_000,
  maxBytes: 4 * MIB,
};

/**
 * Debian family: for each package's changelog.Debian.gz, its version headers and the CVE ids
 * below them. Bounded per file (bytes read, lines kept) and in total.
 */
export const CHANGELOG_COMMAND: CollectCommand = {
  name: 'changelog',
  command: 'for f in /usr/share/doc/*/changelog.Debian.gz; do [ -r "$f" ] || continue; echo "@@$f"; '
    + "gzip -dc \"$f\" 2>/dev/null | head -c 4000000 | grep -oE '^[a-z0-9][a-z0-9.+-]* \\([^ )]*\\)|CVE-[0-9]{4}-[0-9]{4,}' | head -n 20000; "
    + 'done | head -c 16000000',
  timeoutMs: 120_000,
  maxBytes: 16 * MIB,
};

/** Proves elevation: prints the effective user id (0 = root). */
export const ELEVATION_CHECK_COMMAND = 'id -u';

/** Quotes a fixed command for `sh -c '…'` (single quotes, with embedded ones escaped). */
export function shQuote(command: string): string {
  return `'${command.replaceAll("'", "'\\''")}'`;
}

/** The package command of a package manager. */
export function packageCommand(manager: 'dpkg' | 'rpm' | 'apk'): CollectCommand {
  return manager === 'dpkg' ? DPKG_COMMAND : manager === 'rpm' ? RPM_COMMAND : APK_COMMAND;
}
