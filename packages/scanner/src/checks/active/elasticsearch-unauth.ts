/**
 * `elasticsearch-unauth`: `GET /` of an Elasticsearch node answers 200 with the cluster
 * banner (cluster_name, version.number) only when security is off; with security on it
 * answers 401 and a `WWW-Authenticate` challenge. Read-only.
 */
import type { ActiveCheck, Finding } from '../types.ts';
import type { ServiceResult } from '../../types.ts';
import { findingOf } from '../vuln-def.ts';
import { HTTP_DEFS as D } from './http-defs.ts';
import { frontPage, isHttp, pageEvidence, type PageEvidence } from './http-fetch.ts';

/** Pure verdict on `GET /` of a suspected Elasticsearch node. */
export function evaluateElasticsearch(p: PageEvidence, s: Pick<ServiceResult, 'port' | 'protocol'>): Finding[] {
  if (p.status !== 200) return [];
  let doc: unknown;
  try { doc = JSON.parse(p.body); } catch { return []; }
  if (typeof doc !== 'object' || doc === null) return [];
  const d = doc as { cluster_name?: unknown; version?: { number?: unknown }; tagline?: unknown };
  if (typeof d.cluster_name !== 'string' || typeof d.version?.number !== 'string') return [];
  return [findingOf(D.elasticsearch, s, 'elasticsearch-unauth', `GET / answered 200 without credentials: cluster_name "${d.cluster_name}", version ${d.version.number}`)];
}

/** The Elasticsearch check. */
export const elasticsearchUnauth: ActiveCheck<PageEvidence> = {
  meta: { id: 'elasticsearch-unauth', title: 'Elasticsearch without authentication', categories: ['safe'], services: ['http'], reports: [D.elasticsearch.id] },
  appliesTo: (s) => isHttp(s) && (s.product === 'Elasticsearch' || s.http?.headers['x-elastic-product'] !== undefined || s.port === 9200),
  run: async (ctx) => pageEvidence(await frontPage(ctx)),
  evaluate: (e, s) => evaluateElasticsearch(e, s),
};
