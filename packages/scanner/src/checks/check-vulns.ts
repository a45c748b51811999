/**
 * Every vulnerability definition the built-in active checks can report (the `*-defs.ts` tables
 * next to the checks), as one list and an id lookup. Pure data: importing it loads no check, no
 * transport and no CVSS calculator, so the console (definitions of `farsight-…` findings), SARIF
 * rule docs and `docs/checks.md` can read it cheaply. `registry.ts` re-exports it.
 */
import type { VulnDefinition } from './vuln-def.ts';
import { TLS_CERT_DEFS, TLS_CIPHER_DEFS, TLS_PROTOCOL_DEFS } from './active/tls-defs.ts';
import { SSH_DEFS } from './active/ssh-defs.ts';
import { HTTP_DEFS } from './active/http-defs.ts';
import { SERVICE_DEFS } from './active/service-defs.ts';

/** The active checks' definitions (ids unique; `registry.test.ts` checks it), in table order. */
export const BUILTIN_CHECK_VULNS: readonly VulnDefinition[] = Object.freeze(
  [TLS_PROTOCOL_DEFS, TLS_CIPHER_DEFS, TLS_CERT_DEFS, SSH_DEFS, HTTP_DEFS, SERVICE_DEFS].flatMap((table) => Object.values(table) as VulnDefinition[]),
);

let byId: Map<string, VulnDefinition> | undefined;

/** The active-check definition with this id (case-insensitive: the console keys ids lowercase), else undefined. */
export function checkVulnDefinition(id: string): VulnDefinition | undefined {
  byId ??= new Map(BUILTIN_CHECK_VULNS.map((d) => [d.id.toLowerCase(), d]));
  return byId.get(id.toLowerCase());
}
