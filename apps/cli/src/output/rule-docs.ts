/**
 * SARIF rule documentation from the content a scan actually loaded: the active package or
 * built-in definitions plus NVD imports (`loadActiveContent().vulns`), then OSV advisories
 * (authenticated findings), then the active checks' own definitions (`farsight-…`, from
 * `@farsight/scanner/checks/check-vulns`). Without content, the built-in pack. Pure apart from
 * the loaders, which import on demand so a table or JSON scan loads none of it.
 */
import type { VulnPack } from '@farsight/content/vulns/index';
import type { OsvAdvisory } from '@farsight/content/osv/index';
import type { VulnDefinition as CheckVulnDefinition } from '@farsight/scanner/checks/vuln-def';
import type { RuleDoc } from './sarif.ts';

/** What a scan loaded (the parts rule docs read). */
export interface LoadedContent {
  vulns: VulnPack;
  advisories?: readonly OsvAdvisory[];
}

/** Looks an active check's definition up by id (`checkVulnDefinition`). */
export type CheckVulnLookup = (id: string) => CheckVulnDefinition | undefined;

/** A lookup of rule docs by vulnerability id from the loaded content, then the active checks' definitions. */
export function ruleDocsOf(content: LoadedContent, checkVuln: CheckVulnLookup = () => undefined): (id: string) => RuleDoc | undefined {
  let osv: Map<string, OsvAdvisory> | undefined;
  const advisory = (id: string): OsvAdvisory | undefined => {
    if (!osv) {
      osv = new Map();
      // An authenticated finding is named by its CVE when the advisory has exactly one, else by the advisory id.
      for (const a of content.advisories ?? []) {
        osv.set(a.id, a);
        for (const alias of a.aliases ?? []) if (!osv.has(alias)) osv.set(alias, a);
      }
    }
    return osv.get(id);
  };
  return (id) => {
    const d = content.vulns.get(id);
    if (d) return { description: d.description, solution: d.solution, references: d.references, cwes: d.cwes };
    const a = advisory(id);
    if (!a) {
      const c = checkVuln(id);
      return c ? { description: c.description, solution: c.solution, references: c.references, cwes: c.cwes } : undefined;
    }
    const text = a.details ?? a.summary;
    const references = (a.references ?? []).map((r) => r.url).filter((u) => /^https:\/\//.test(u)).slice(0, 32);
    return { ...(text ? { description: text } : {}), references, solution: { type: 'patch', text: `Install the fixed package version from advisory ${a.id}.` } };
  };
}

/** Rule docs of the built-in pack (when the caller has no loaded content) and the active checks. */
export async function builtinRuleDocs(): Promise<(id: string) => RuleDoc | undefined> {
  const { loadBuiltinVulnPack } = await import('@farsight/content/vulns/index');
  return ruleDocsOf({ vulns: await loadBuiltinVulnPack() }, await checkVulnLookup());
}

/** Rule docs for a SARIF document: `content` when the scan loaded it, else the built-in pack; then the active checks. */
export async function sarifRuleDocs(content?: PromiseLike<LoadedContent>): Promise<(id: string) => RuleDoc | undefined> {
  return content ? ruleDocsOf(await content, await checkVulnLookup()) : builtinRuleDocs();
}

async function checkVulnLookup(): Promise<CheckVulnLookup> {
  return (await import('@farsight/scanner/checks/check-vulns')).checkVulnDefinition;
}
