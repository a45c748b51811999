// Gathers what docs/checks.md is generated from: the built-in pack and the active checks.
// Hook: packages/scanner/src/checks/registry.ts exports BUILTIN_CHECKS (metadata) and, when it
// does, BUILTIN_CHECK_VULNS (the active checks' vulnerability definitions); both are optional.
import { checkMetaSchema, loadBuiltinVulnPack, renderCheckReference, cvssBaseScore, type CheckMetaDef, type CheckVulnRef } from '../packages/content/src/vulns/index.ts';

interface RegistryModule {
  BUILTIN_CHECKS?: ReadonlyArray<{ meta: unknown }>;
  BUILTIN_CHECK_VULNS?: ReadonlyArray<{ id: string; title: string; severity: CheckVulnRef['severity']; cves: string[]; cvss31?: string }>;
}

async function registry(): Promise<RegistryModule> {
  try {
    return await import('../packages/scanner/src/checks/registry.ts') as RegistryModule;
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') return {};
    throw e;
  }
}

/** Active check metadata, validated by the content schema (a bad entry names the check). */
export async function activeChecks(): Promise<{ checks: CheckMetaDef[]; vulns: CheckVulnRef[] }> {
  const mod = await registry();
  const checks = (mod.BUILTIN_CHECKS ?? []).map((c, i) => {
    const r = checkMetaSchema.safeParse(c.meta);
    if (!r.success) throw new Error(`active check #${i} (${JSON.stringify((c.meta as { id?: unknown })?.id)}) has invalid metadata: ${r.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
    return r.data;
  });
  const vulns = (mod.BUILTIN_CHECK_VULNS ?? []).map((v) => ({ id: v.id, title: v.title, severity: v.severity, cves: v.cves, ...(v.cvss31 ? { cvss31: v.cvss31, score: cvssBaseScore(v.cvss31) } : {}) }));
  return { checks, vulns };
}

/** The document docs/checks.md must contain. */
export async function checkReferenceDocument(): Promise<string> {
  const pack = await loadBuiltinVulnPack();
  const { checks, vulns } = await activeChecks();
  return renderCheckReference(pack.definitions, checks, vulns);
}
