// The registry: unique ids, the start-up id list in sync, every reported definition scored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_CHECKS, BUILTIN_CHECK_VULNS, checkVulnDefinition } from './registry.ts';
import { BUILTIN_CHECK_IDS } from './check-ids.ts';
import { TLS_CERT_DEFS, TLS_CIPHER_DEFS, TLS_PROTOCOL_DEFS } from './active/tls-defs.ts';
import { SSH_DEFS } from './active/ssh-defs.ts';
import { HTTP_DEFS } from './active/http-defs.ts';
import { SERVICE_DEFS } from './active/service-defs.ts';
import { scoreCvss31, type VulnDefinition } from './vuln-def.ts';
import { isFarsightError } from '@farsight/common';
import { checkMetaSchema, vulnerabilitySchema } from '@farsight/content/vulns/index';

const TABLES: VulnDefinition[] = [TLS_CERT_DEFS, TLS_CIPHER_DEFS, TLS_PROTOCOL_DEFS, SSH_DEFS, HTTP_DEFS, SERVICE_DEFS].flatMap((d) => Object.values(d));
const DEFS = BUILTIN_CHECK_VULNS;

test('check ids are unique and BUILTIN_CHECK_IDS mirrors the registry', () => {
  const ids = BUILTIN_CHECKS.map((c) => c.meta.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.deepEqual(BUILTIN_CHECK_IDS.map((c) => ({ id: c.id, categories: [...c.categories] })), BUILTIN_CHECKS.map((c) => ({ id: c.meta.id, categories: c.meta.categories })));
  assert.ok(BUILTIN_CHECKS.some((c) => c.meta.categories.includes('intrusive')), 'at least one intrusive check exists (behind the opt-in)');
});

test('BUILTIN_CHECK_VULNS holds every *-defs.ts definition once, every one reported by a check, and looks ids up', () => {
  assert.deepEqual(new Set(DEFS), new Set(TABLES), 'every definition of every table, nothing else');
  assert.equal(DEFS.length, TABLES.length);
  const reported = new Set(BUILTIN_CHECKS.flatMap((c) => c.meta.reports));
  for (const d of DEFS) assert.ok(reported.has(d.id), `${d.id} is defined but no check reports it`);
  assert.equal(checkVulnDefinition('farsight-tls-tlsv1.0-enabled')?.title, 'TLS 1.0 protocol enabled');
  assert.equal(checkVulnDefinition('FARSIGHT-TLS-TLSV1.0-ENABLED'), checkVulnDefinition('farsight-tls-tlsv1.0-enabled'), 'case-insensitive');
  assert.equal(checkVulnDefinition('CVE-2023-38408'), undefined);
});

test('every reported id has exactly one definition with a valid, scored CVSS v3.1 vector', () => {
  const byId = new Map(DEFS.map((d) => [d.id, d]));
  assert.equal(byId.size, DEFS.length, 'definition ids are unique');
  for (const c of BUILTIN_CHECKS) {
    for (const id of c.meta.reports) assert.ok(byId.has(id), `${c.meta.id} reports ${id}, which has no definition`);
  }
  for (const d of DEFS) {
    assert.match(d.id, /^farsight-[a-z0-9.-]+$/);
    assert.ok(d.title.length > 5 && d.description.length > 20 && d.solution.text.length > 10, `${d.id} is described`);
    assert.ok(d.references.every((r) => r.startsWith('https://')), `${d.id} references are https URLs`);
    if (d.cvss31) {
      const s = scoreCvss31(d.cvss31);
      assert.ok(s.score > 0 && s.score <= 10, `${d.id} scores ${s.score}`);
    }
  }
});

test('scoreCvss31 scores real vectors and rejects malformed ones', () => {
  assert.equal(scoreCvss31('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H').score, 9.8);
  assert.equal(scoreCvss31('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N').score, 7.5);
  assert.equal(scoreCvss31('CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:N/A:N').score, 5.3);
  for (const bad of ['CVSS:3.1/AV:N/AC:L', 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H']) {
    assert.throws(() => scoreCvss31(bad), (e: unknown) => isFarsightError(e, 'INVALID_ARGUMENT'), bad);
  }
});

test('definitions and check metadata validate against the content schema (packages/content/src/vulns/)', () => {
  for (const d of DEFS) {
    const { cvss31, ...rest } = d;
    const r = vulnerabilitySchema.safeParse({ ...rest, cvss: cvss31 ? { v31: cvss31 } : {} });
    assert.ok(r.success, `${d.id}: ${r.success ? '' : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  for (const c of BUILTIN_CHECKS) assert.ok(checkMetaSchema.safeParse(c.meta).success, `${c.meta.id} meta`);
});
