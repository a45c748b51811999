/**
 * The network rule in code: labnet binds only loopback addresses. 127.0.0.0/24 is left to
 * real local services (127.0.0.1, systemd-resolved's 127.0.0.53), so simulated hosts use
 * 127.x.y.z with x.y ≠ 0.0, or ::1.
 */

const OCTET = /^(0|[1-9]\d{0,2})$/;

/** Why `address` may not host a simulated service, or null when it may. */
export function loopbackProblem(address: string): string | null {
  if (address === '::1') return null;
  const parts = address.split('.');
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p) && Number(p) <= 255)) {
    return `"${address}" is not a dotted-quad IPv4 address or ::1 (labnet binds only 127.0.0.0/8 and ::1)`;
  }
  const [a, b, c, d] = parts.map(Number);
  if (a !== 127) return `${address} is outside 127.0.0.0/8; labnet never binds or contacts non-loopback addresses`;
  if (b === 0 && c === 0) return `${address} is in 127.0.0.0/24, reserved for real local services; use 127.x.y.z with x.y not 0.0 (e.g. 127.0.2.${d})`;
  if (b === 255 && c === 255 && d === 255) return `${address} is the 127/8 broadcast address; pick another`;
  return null;
}

/** Sort key that orders IPv4 addresses numerically (::1 last). */
export function addressSortKey(address: string): number {
  if (address === '::1') return 2 ** 32;
  return address.split('.').reduce((acc, p) => acc * 256 + Number(p), 0);
}
