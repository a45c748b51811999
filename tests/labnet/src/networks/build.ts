/** Small helpers to write built-in networks compactly. */
import type { CertKind, OsTruth, TlsVersion } from '../catalog.ts';
import type { HostSpec, HostileKind, ServiceSpec } from '../spec-types.ts';

/** Operating systems used by the built-in networks (Recog os.* naming). */
export const OS = {
  ubuntu2004: { vendor: 'Ubuntu', product: 'Linux', version: '20.04' },
  ubuntu2204: { vendor: 'Ubuntu', product: 'Linux', version: '22.04' },
  ubuntu2404: { vendor: 'Ubuntu', product: 'Linux', version: '24.04' },
  debian12: { vendor: 'Debian', product: 'Linux', version: '12.0' },
  debian: { vendor: 'Debian', product: 'Linux' },
  centos7: { vendor: 'CentOS', product: 'Linux', version: '7' },
  rhel4: { vendor: 'Red Hat', product: 'Enterprise Linux', version: '4' },
  freebsd: { vendor: 'FreeBSD', product: 'FreeBSD' },
  windows: { vendor: 'Microsoft', product: 'Windows' },
  windows2012r2: { vendor: 'Microsoft', product: 'Windows Server 2012 R2' },
  ciscoIos: { vendor: 'Cisco', product: 'IOS' },
  linux: { vendor: 'Linux', product: 'Linux' },
} satisfies Record<string, OsTruth>;

/** A plaintext service. */
export function svc(port: number, profile: string): ServiceSpec {
  return { port, profile };
}

/** A TLS-wrapped service. */
export function tls(port: number, profile: string, cert: CertKind = 'valid', versions?: TlsVersion[]): ServiceSpec {
  return { port, profile, tls: versions ? { cert, versions } : { cert } };
}

/** A host with services. */
export function host(address: string, name: string | null, os: OsTruth | null, ...services: ServiceSpec[]): HostSpec {
  const h: HostSpec = { address, services };
  if (name) h.hostnames = [name];
  if (os) h.os = os;
  return h;
}

/** A hostile host. */
export function hostile(address: string, kind: HostileKind, ports: number[]): HostSpec {
  return { address, hostile: kind, ports };
}
