/** Built-in networks, addressable by name. */
import type { LabnetSpec } from '../spec-types.ts';
import { demoNetwork } from './demo.ts';
import { standardNetwork } from './standard.ts';
import { bench24Network, benchAllPortsNetwork } from './bench.ts';
import { vulnVersionsNetwork } from './vuln-versions.ts';
import { activeChecksNetwork } from './active-checks.ts';
import { starttlsNetwork } from './starttls.ts';

/** A built-in network: its name, a one-line description and the function that builds it. */
export interface BuiltinNetwork {
  name: string;
  description: string;
  build: () => LabnetSpec;
}

/** Every built-in network. */
export const BUILTIN_NETWORKS: readonly BuiltinNetwork[] = [
  { name: 'demo', description: 'a dozen varied hosts on 127.0.1.x (npm run demo)', build: demoNetwork },
  { name: 'standard', description: 'ground-truth network on 127.0.2.x: every profile, cert kind and hostile kind', build: standardNetwork },
  { name: 'bench-24', description: '254 hosts on 127.0.3.1-254 with a realistic service mix', build: bench24Network },
  { name: 'bench-allports', description: 'one host 127.0.4.1 with services scattered across 1-65535', build: benchAllPortsNetwork },
  { name: 'vuln-versions', description: 'version checks on 127.5.0.x: vulnerable, patched and backported builds with expected findings', build: vulnVersionsNetwork },
  { name: 'active-checks', description: 'active safe checks on 127.6.1.x: each weakness and its twin without it, hostile hosts', build: activeChecksNetwork },
  { name: 'starttls', description: 'TLS checks over STARTTLS on 127.6.4.x: weak and good TLS behind SMTP/IMAP/POP3/FTP/PostgreSQL upgrades, misbehaving upgrades', build: starttlsNetwork },
];

/** The built-in network with this name, or undefined. */
export function builtinNetwork(name: string): BuiltinNetwork | undefined {
  return BUILTIN_NETWORKS.find((n) => n.name === name);
}

export { demoNetwork, standardNetwork, bench24Network, benchAllPortsNetwork };
