/**
 * Vulnerability definitions from content (DESIGN.md "Console vulnerability definitions"):
 * when a result batch names vulnerability ids the console has no definition of, they are
 * looked up in the console's active content — the same content store the Local engine scans
 * with (FARSIGHT_CONTENT_DIR, else ~/.farsight/content: package or built-in pack plus NVD
 * imports) — and written to the vulnerabilities table before the findings. When the store
 * changes (another package, another import), every stored definition the content knows is
 * rewritten. Ids the content does not know fall back to the active checks' definitions
 * (`farsight-…`, `@farsight/scanner/checks/check-vulns`); ids neither knows (the test check, a
 * remote engine's newer content) keep the finding's title and severity only.
 */
import { EngineContent } from '@farsight/engine-core';
import type { ActiveContent } from '@farsight/content/store/index';
import type { HostResultMessage } from '@farsight/engine-protocol';
import type { Db } from '../db/index.ts';
import { checkVulnDefinition } from '@farsight/scanner/checks/check-vulns';
import { definitionFromCheck, definitionFromContent } from './vulnerabilities-content-map.ts';
import { upsertVulnerabilities } from './vulnerabilities.ts';
import type { VulnerabilityDefinition } from './vulnerabilities-model.ts';

const CHUNK = 500;
/** How often the store's stamp is re-read while batches arrive (a content change is picked up within this). */
const STAMP_CHECK_MS = 30_000;

/** Keeps the vulnerabilities table in step with the content for the ids findings use. */
export class ContentDefinitions {
  readonly #db: Db;
  readonly #source: Pick<EngineContent, 'get'>;
  #content: ActiveContent | undefined;
  #checkedAt = 0;
  /** Lowercase ids known to be in the table. */
  readonly #known = new Set<string>();
  /** Ids the current content does not define (asked once per content). */
  #unknown = new Set<string>();

  constructor(db: Db, source: Pick<EngineContent, 'get'>) {
    this.#db = db;
    this.#source = source;
  }

  /** Loads (or re-loads, when the store changed) the content; on a change, rewrites every stored definition it knows. */
  async refresh(): Promise<ActiveContent> {
    const content = await this.#source.get();
    this.#checkedAt = Date.now();
    if (content === this.#content) return content;
    this.#content = content;
    this.#unknown = new Set();
    const stored = await this.#db.selectFrom('vulnerabilities').select('id').execute();
    const byLower = lowerIndex(content);
    const defs = stored.map((r) => definitionOf(byLower.get(r.id), r.id)).filter((d) => d !== undefined);
    // Only definitions already stored are rewritten: the table holds what findings use, not the whole feed.
    for (let i = 0; i < defs.length; i += CHUNK) await upsertVulnerabilities(this.#db, defs.slice(i, i + CHUNK));
    for (const r of stored) this.#known.add(r.id);
    return content;
  }

  /** Makes sure every id has a definition when the content has one; returns how many were written. */
  async ensure(ids: Iterable<string>): Promise<number> {
    const stale = Date.now() - this.#checkedAt > STAMP_CHECK_MS;
    const want = new Map<string, string>();
    for (const id of ids) {
      const lower = id.toLowerCase();
      if (!this.#known.has(lower) && !this.#unknown.has(lower)) want.set(lower, id);
    }
    if (want.size === 0 && !stale) return 0;
    const content = stale || !this.#content ? await this.refresh() : this.#content;
    const lowers = [...want.keys()].filter((l) => !this.#known.has(l));
    for (let i = 0; i < lowers.length; i += CHUNK) {
      const rows = await this.#db.selectFrom('vulnerabilities').select('id').where('id', 'in', lowers.slice(i, i + CHUNK)).execute();
      for (const r of rows) this.#known.add(r.id);
    }
    const defs = [];
    for (const lower of lowers) {
      if (this.#known.has(lower)) continue;
      const d = definitionOf(content.vulns.get(want.get(lower) ?? lower) ?? content.vulns.get(lower.toUpperCase()), lower);
      if (d) defs.push(d);
      else this.#unknown.add(lower);
    }
    for (let i = 0; i < defs.length; i += CHUNK) await upsertVulnerabilities(this.#db, defs.slice(i, i + CHUNK));
    for (const d of defs) this.#known.add(d.id);
    return defs.length;
  }
}

/** The content's definition when it has one (a package may refine a check's text), else the active check's. */
function definitionOf(content: ActiveContent['vulns']['definitions'][number] | undefined, id: string): VulnerabilityDefinition | undefined {
  if (content) return definitionFromContent(content);
  const check = checkVulnDefinition(id);
  return check ? definitionFromCheck(check) : undefined;
}

function lowerIndex(content: ActiveContent): Map<string, ActiveContent['vulns']['definitions'][number]> {
  return new Map(content.vulns.definitions.map((d) => [d.id.toLowerCase(), d]));
}

const perDb = new WeakMap<Db, ContentDefinitions>();

/** The console's ContentDefinitions for a database (content dir: FARSIGHT_CONTENT_DIR, else ~/.farsight/content). */
export function contentDefinitionsFor(db: Db): ContentDefinitions {
  let d = perDb.get(db);
  if (!d) {
    d = new ContentDefinitions(db, new EngineContent());
    perDb.set(db, d);
  }
  return d;
}

/** The vulnerability ids of a batch's findings. */
export function findingIdsOf(hosts: readonly HostResultMessage[]): Set<string> {
  const ids = new Set<string>();
  for (const h of hosts) for (const f of h.findings) ids.add(f.checkId);
  return ids;
}
