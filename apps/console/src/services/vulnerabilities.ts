/**
 * Vulnerability definitions: what checks and content imports declare (`upsertVulnerability`,
 * called by ingestion and check registration — content, not a user change, so not audited)
 * and what the v3 `/api/3/vulnerabilities` routes read.
 */
import { FarsightError } from '@farsight/common';
import type { Db } from '../db/index.ts';
import { nowIso, toCount } from '../db/helpers.ts';
import { normaliseDefinition, parseCvss2, parseCvss3, type Severity, type VulnerabilityDefinition, type VulnerabilityReference } from './vulnerabilities-model.ts';

export type { VulnerabilityDefinition, VulnerabilityReference, Severity };

/** API sort field → column for vulnerability lists. */
export const VULNERABILITY_SORT: Record<string, string> = {
  id: 'id', title: 'title', severity: 'severity_score', severityScore: 'severity_score', published: 'published', added: 'added', modified: 'modified',
};

/** A stored definition as services return it. */
export interface VulnerabilityView {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  severityScore: number;
  cvss: { v2?: { vector: string; score: number; metrics: Record<string, string> }; v3?: { vector: string; score: number; metrics: Record<string, string> } };
  cves: string[];
  categories: string[];
  references: VulnerabilityReference[];
  denialOfService: boolean;
  published: string | null;
  added: string;
  modified: string;
}

type Row = {
  id: string; title: string; description: string; severity: string; severity_score: number; cvss_v2_vector: string | null; cvss_v2_score: number | null;
  cvss_v3_vector: string | null; cvss_v3_score: number | null; cves: string; categories: string; refs: string; denial_of_service: number;
  published: string | null; added: string; modified: string;
};

/** CVSS scores have one decimal; PostgreSQL `real` is float4, so 9.8 reads back as 9.800000190734863. */
function score1(v: number | null): number {
  return Math.round(Number(v ?? 0) * 10) / 10;
}

function toView(r: Row): VulnerabilityView {
  const cvss: VulnerabilityView['cvss'] = {};
  if (r.cvss_v2_vector !== null) cvss.v2 = { vector: r.cvss_v2_vector, score: score1(r.cvss_v2_score), metrics: parseCvss2(r.cvss_v2_vector) };
  if (r.cvss_v3_vector !== null) cvss.v3 = { vector: r.cvss_v3_vector, score: score1(r.cvss_v3_score), metrics: parseCvss3(r.cvss_v3_vector) };
  return {
    id: r.id, title: r.title, description: r.description, severity: r.severity as Severity, severityScore: r.severity_score, cvss,
    cves: JSON.parse(r.cves) as string[], categories: JSON.parse(r.categories) as string[], references: JSON.parse(r.refs) as VulnerabilityReference[],
    denialOfService: r.denial_of_service === 1, published: r.published, added: r.added, modified: r.modified,
  };
}

function rowOf(d: ReturnType<typeof normaliseDefinition>, today: string) {
  return {
    title: d.title, description: d.description ?? '', severity: d.severity, severity_score: d.severityScore,
    cvss_v2_vector: d.cvss?.v2?.vector ?? null, cvss_v2_score: d.cvss?.v2?.score ?? null,
    cvss_v3_vector: d.cvss?.v3?.vector ?? null, cvss_v3_score: d.cvss?.v3?.score ?? null,
    cves: JSON.stringify(d.cves ?? []), categories: JSON.stringify(d.categories ?? []), refs: JSON.stringify(d.references ?? []),
    denial_of_service: d.denialOfService ? 1 : 0, published: d.published ?? null, modified: d.modified ?? today,
  };
}

/** Inserts or updates definitions in one transaction (idempotent; `added` is kept from the first insert). */
export async function upsertVulnerabilities(db: Db, defs: readonly VulnerabilityDefinition[]): Promise<void> {
  const normalised = defs.map(normaliseDefinition);
  const now = nowIso();
  const today = now.slice(0, 10);
  await db.transaction().execute(async (trx) => {
    for (const d of normalised) {
      const values = rowOf(d, today);
      await trx.insertInto('vulnerabilities').values({ id: d.id, ...values, added: today, created_at: now, updated_at: now })
        .onConflict((oc) => oc.column('id').doUpdateSet({ ...values, updated_at: now })).execute();
    }
  });
}

/** Inserts or updates one definition. */
export async function upsertVulnerability(db: Db, def: VulnerabilityDefinition): Promise<void> {
  await upsertVulnerabilities(db, [def]);
}

/** One definition or undefined. */
export async function findVulnerability(db: Db, id: string): Promise<VulnerabilityView | undefined> {
  const r = await db.selectFrom('vulnerabilities').selectAll().where('id', '=', id.toLowerCase()).executeTakeFirst();
  return r && toView(r);
}

/** One definition; NOT_FOUND otherwise. */
export async function getVulnerability(db: Db, id: string): Promise<VulnerabilityView> {
  const v = await findVulnerability(db, id);
  if (!v) throw new FarsightError('NOT_FOUND', `vulnerability '${id}' does not exist; GET /api/3/vulnerabilities lists them`);
  return v;
}

/** One page of definitions. */
export async function listVulnerabilities(db: Db, pr: { page: number; size: number; sort: Array<{ field: string; direction: 'asc' | 'desc' }> }): Promise<{ vulnerabilities: VulnerabilityView[]; total: number }> {
  let q = db.selectFrom('vulnerabilities').selectAll();
  for (const s of pr.sort) q = q.orderBy(s.field as 'id', s.direction);
  const [rows, count] = await Promise.all([
    q.orderBy('id').limit(pr.size).offset(pr.page * pr.size).execute(),
    db.selectFrom('vulnerabilities').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
  ]);
  return { vulnerabilities: rows.map(toView), total: toCount(count?.n) };
}
