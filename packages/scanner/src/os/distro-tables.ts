/**
 * Which distribution release shipped which upstream version — the package versions in each
 * release's main archive (Ubuntu/Debian/RHEL package trackers). Only unambiguous rows:
 * where two releases shipped the same upstream version the row is left out, and the
 * guess keeps the distribution without a release.
 */

/** OpenSSH upstream version in `OpenSSH_X Ubuntu-…` → Ubuntu release. */
export const UBUNTU_OPENSSH: Record<string, string> = {
  '5.3p1': '10.04', '5.8p1': '11.10', '5.9p1': '12.04', '6.0p1': '12.10', '6.1p1': '13.04', '6.2p2': '13.10',
  '6.6p1': '14.04', '6.6.1p1': '14.04', '6.7p1': '15.04', '6.9p1': '15.10', '7.2p2': '16.04', '7.3p1': '16.10',
  '7.4p1': '17.04', '7.5p1': '17.10', '7.6p1': '18.04', '7.7p1': '18.10', '7.9p1': '19.04', '8.0p1': '19.10',
  '8.2p1': '20.04', '8.3p1': '20.10', '8.9p1': '22.04', '9.3p1': '23.10', '9.6p1': '24.04', '9.7p1': '24.10',
  '9.9p1': '25.04',
};

/** OpenSSH upstream version in `OpenSSH_X Debian-…` (no `debNu` revision) → Debian release. */
export const DEBIAN_OPENSSH: Record<string, string> = {
  '5.5p1': '6', '6.0p1': '7', '6.7p1': '8', '7.4p1': '9', '7.9p1': '10', '8.4p1': '11', '9.2p1': '12', '10.0p1': '13',
};

/** Apache httpd upstream version with `(Ubuntu)` → Ubuntu release. */
export const UBUNTU_APACHE: Record<string, string> = {
  '2.4.7': '14.04', '2.4.18': '16.04', '2.4.29': '18.04', '2.4.41': '20.04', '2.4.52': '22.04', '2.4.58': '24.04',
};

/** Apache httpd upstream version with `(Debian)` → Debian release. */
export const DEBIAN_APACHE: Record<string, string> = {
  '2.2.16': '6', '2.2.22': '7', '2.4.10': '8', '2.4.25': '9', '2.4.38': '10',
};

/** Apache httpd upstream version with `(CentOS)` / `(Red Hat)` → EL major release. */
export const EL_APACHE: Record<string, string> = {
  '2.2.3': '5', '2.2.15': '6', '2.4.6': '7', '2.4.37': '8', '2.4.51': '9', '2.4.53': '9', '2.4.57': '9', '2.4.62': '9',
};

/** nginx upstream version with `(Ubuntu)` → Ubuntu release (1.18.0 shipped in 20.04 and 22.04: left out). */
export const UBUNTU_NGINX: Record<string, string> = {
  '1.4.6': '14.04', '1.10.3': '16.04', '1.14.0': '18.04', '1.24.0': '24.04',
};

/** IIS version → Windows release (Microsoft's IIS release table). */
export const IIS_WINDOWS: Record<string, { product: string; version?: string; cpe?: string }> = {
  '5.0': { product: 'Windows 2000', cpe: 'cpe:2.3:o:microsoft:windows_2000:-:*:*:*:*:*:*:*' },
  '5.1': { product: 'Windows XP', cpe: 'cpe:2.3:o:microsoft:windows_xp:-:*:*:*:*:*:*:*' },
  '6.0': { product: 'Windows Server 2003', cpe: 'cpe:2.3:o:microsoft:windows_server_2003:-:*:*:*:*:*:*:*' },
  '7.0': { product: 'Windows Server 2008', cpe: 'cpe:2.3:o:microsoft:windows_server_2008:-:*:*:*:*:*:*:*' },
  '7.5': { product: 'Windows Server 2008 R2', cpe: 'cpe:2.3:o:microsoft:windows_server_2008:r2:*:*:*:*:*:*:*' },
  '8.0': { product: 'Windows Server 2012', cpe: 'cpe:2.3:o:microsoft:windows_server_2012:-:*:*:*:*:*:*:*' },
  '8.5': { product: 'Windows Server 2012 R2', cpe: 'cpe:2.3:o:microsoft:windows_server_2012:r2:*:*:*:*:*:*:*' },
  '10.0': { product: 'Windows Server', version: '2016+' },
};

/** Ubuntu kernel series (`5.15.0-91-generic`) → release that shipped it as its GA kernel. */
export const UBUNTU_KERNEL: Record<string, string> = {
  '3.13': '14.04', '4.4': '16.04', '4.15': '18.04', '5.4': '20.04', '5.15': '22.04', '6.8': '24.04',
};

/** Debian kernel series (`6.1.0-18-amd64`) → release. */
export const DEBIAN_KERNEL: Record<string, string> = {
  '3.16': '8', '4.9': '9', '4.19': '10', '5.10': '11', '6.1': '12', '6.12': '13',
};
