/** Turns what a user names (a built-in network, a YAML/JSON file, or an object) into a validated description. */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { FarsightError } from '@farsight/common';
import { validateSpec } from './spec-validate.ts';
import { loopbackProblem } from './address.ts';
import { BUILTIN_NETWORKS, builtinNetwork } from './networks/index.ts';
import type { LabnetSpec } from './spec-types.ts';

const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** Parses YAML or JSON text (JSON is YAML 1.2) and validates it. */
export function parseSpec(text: string, source = 'labnet spec'): LabnetSpec {
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 100, prettyErrors: true });
  } catch (e) {
    throw new FarsightError('LABNET_SPEC_INVALID', `${source}: not valid YAML/JSON: ${(e as Error).message.split('\n')[0] ?? ''}`, { cause: e });
  }
  return validateSpec(doc, source);
}

/** A built-in name, a path to a .yaml/.yml/.json file, or a description object → validated description. */
export function loadSpec(spec: LabnetSpec | string): LabnetSpec {
  if (typeof spec !== 'string') return validateSpec(spec);
  const builtin = builtinNetwork(spec);
  if (builtin) return validateSpec(builtin.build(), `built-in network ${spec}`);
  let text: string;
  try {
    text = readFileSync(spec, 'utf8');
  } catch (e) {
    const names = BUILTIN_NETWORKS.map((n) => n.name).join(', ');
    throw new FarsightError('LABNET_SPEC_INVALID', `"${spec}" is neither a built-in network (${names}) nor a readable file: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { cause: e });
  }
  if (text.length > MAX_FILE_BYTES) throw new FarsightError('LABNET_SPEC_INVALID', `${spec}: larger than ${MAX_FILE_BYTES} bytes`);
  return parseSpec(text, spec);
}

/**
 * Moves every IPv4 host of a description into another /24 (`127.0.70` turns 127.0.2.10 into
 * 127.0.70.10), so a test can run a built-in network beside another copy of it.
 */
export function relocateSpec(spec: LabnetSpec, prefix: string): LabnetSpec {
  if (!/^127\.\d{1,3}\.\d{1,3}$/.test(prefix) || loopbackProblem(`${prefix}.1`)) {
    throw new FarsightError('INVALID_ARGUMENT', `relocate "${prefix}" is not a loopback /24 prefix like 127.0.70 (127.0.0 is reserved)`);
  }
  const hosts = spec.hosts.map((h) => (h.address.includes(':') ? h : { ...h, address: `${prefix}.${h.address.split('.')[3] ?? ''}` }));
  return validateSpec({ ...spec, hosts }, `${spec.name} relocated to ${prefix}.0/24`);
}
