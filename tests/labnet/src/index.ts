/**
 * @farsight/labnet — the simulated network every test and benchmark uses: hosts with
 * realistic services on loopback addresses, built from a declarative description, that
 * know their own ground truth. Depends only on @farsight/common, never on the scanner.
 */
import { loadSpec, relocateSpec } from './load-spec.ts';
import { startValidated, type Labnet, type LabnetOptions } from './labnet.ts';
import type { LabnetSpec } from './spec-types.ts';

/** Options of startLabnet. */
export interface StartOptions extends LabnetOptions {
  /** Move every IPv4 host into this /24 (e.g. `127.0.70`), to run a second copy of a built-in network. */
  relocate?: string;
}

/** Starts a network from a description, a YAML/JSON file path or a built-in name (demo, standard, bench-24, bench-allports). */
export async function startLabnet(spec: LabnetSpec | string, options: StartOptions = {}): Promise<Labnet> {
  const loaded = loadSpec(spec);
  return startValidated(options.relocate ? relocateSpec(loaded, options.relocate) : loaded, options);
}

export { Labnet, type LabnetOptions } from './labnet.ts';
export { loadSpec, parseSpec, relocateSpec } from './load-spec.ts';
export { validateSpec } from './spec-validate.ts';
export { computeGroundTruth } from './ground-truth.ts';
export { BUILTIN_NETWORKS, builtinNetwork, type BuiltinNetwork } from './networks/index.ts';
export { CATALOG, CERT_KINDS, TLS_VERSIONS, WEAKNESSES, findProfile, getProfile, profilesOfType } from './catalog.ts';
export type * from './catalog-types.ts';
export type { CertKind, TlsVersion } from './catalog.ts';
export type * from './spec-types.ts';
export { HOSTILE_KINDS, STARTTLS_MISBEHAVIOURS } from './spec-types.ts';
export { FLOOD_CAP_BYTES } from './protocols/hostile.ts';
