/**
 * The OSV advisory format (https://ossf.github.io/osv-schema/, schema 1.6), validated with zod.
 * `parseOsv` accepts one advisory as parsed JSON and returns it typed; every error names the
 * advisory and the bad field (`affected[0].ranges[1].events[2].fixed`). For distribution
 * ecosystems (Debian, Ubuntu, Alpine, RPM distros) every version in ranges and `versions`
 * must also be valid in that distro's version order, so matching never meets a bad version.
 */
import { z } from 'zod';
import { FarsightError, compareVersions, isFarsightError } from '@farsight/common';
import { parseEcosystem } from './ecosystem.ts';

const MAX_TEXT = 64 * 1024;
const shortText = z.string().min(1).max(1024);

const eventSchema = z.union([
  z.strictObject({ introduced: shortText }),
  z.strictObject({ fixed: shortText }),
  z.strictObject({ last_affected: shortText }),
  z.strictObject({ limit: shortText }),
], { error: 'an event must have exactly one of introduced, fixed, last_affected, limit' });

const rangeSchema = z.looseObject({
  type: z.enum(['ECOSYSTEM', 'SEMVER', 'GIT']),
  repo: z.string().max(2048).optional(),
  events: z.array(eventSchema).min(1).max(1000),
});

const severitySchema = z.looseObject({
  type: z.string().min(1).max(64),
  score: z.string().min(1).max(512),
});

const affectedSchema = z.looseObject({
  package: z.looseObject({
    ecosystem: shortText,
    name: shortText,
    purl: z.string().max(2048).optional(),
  }),
  severity: z.array(severitySchema).max(16).optional(),
  ranges: z.array(rangeSchema).max(1000).optional(),
  versions: z.array(shortText).max(100_000).optional(),
  ecosystem_specific: z.record(z.string(), z.unknown()).optional(),
  database_specific: z.record(z.string(), z.unknown()).optional(),
});

const osvSchema = z.looseObject({
  schema_version: z.string().max(32).optional(),
  id: z.string().min(1).max(256).regex(/^[A-Za-z0-9][A-Za-z0-9._:+-]*$/, 'an id is letters, digits and . _ : + - (e.g. DSA-5724-1, CVE-2024-6387)'),
  modified: z.iso.datetime({ offset: true }),
  published: z.iso.datetime({ offset: true }).optional(),
  withdrawn: z.iso.datetime({ offset: true }).optional(),
  aliases: z.array(z.string().min(1).max(256)).max(1000).optional(),
  related: z.array(z.string().min(1).max(256)).max(1000).optional(),
  upstream: z.array(z.string().min(1).max(256)).max(1000).optional(),
  summary: z.string().max(MAX_TEXT).optional(),
  details: z.string().max(MAX_TEXT).optional(),
  severity: z.array(severitySchema).max(16).optional(),
  affected: z.array(affectedSchema).max(10_000).optional(),
  references: z.array(z.looseObject({ type: z.string().max(64), url: z.string().max(4096) })).max(10_000).optional(),
  database_specific: z.record(z.string(), z.unknown()).optional(),
});

/** One OSV advisory. */
export type OsvAdvisory = z.infer<typeof osvSchema>;
/** One `affected[]` entry: a package in an ecosystem with its ranges. */
export type OsvAffected = z.infer<typeof affectedSchema>;
/** One `ranges[]` entry. */
export type OsvRange = z.infer<typeof rangeSchema>;
/** One range event: exactly one of introduced, fixed, last_affected, limit. */
export type OsvEvent = z.infer<typeof eventSchema>;

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || '(top level)';
}

/**
 * Validates one OSV advisory (already JSON-parsed). `source` (a file name) is put into
 * errors. Throws OSV_INVALID naming the advisory, the field and the rule.
 */
export function parseOsv(json: unknown, source = 'OSV advisory'): OsvAdvisory {
  const r = osvSchema.safeParse(json);
  const idOf = (): string => (json && typeof json === 'object' && 'id' in json && typeof json.id === 'string' ? ` ${JSON.stringify(json.id.slice(0, 80))}` : '');
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue ? pathText(issue.path) : '(top level)';
    const detail = issue ? issue.message : 'invalid';
    throw new FarsightError('OSV_INVALID', `${source}${idOf()}: field ${where}: ${detail}. Fix the advisory to follow the OSV schema (https://ossf.github.io/osv-schema/).`);
  }
  checkVersions(r.data, source);
  return r.data;
}

/** Every ECOSYSTEM range event and `versions` entry must be a valid version of the distro's order. */
function checkVersions(adv: OsvAdvisory, source: string): void {
  (adv.affected ?? []).forEach((a, i) => {
    const eco = parseEcosystem(a.package.ecosystem);
    if (!eco) return;
    const check = (version: string, where: string): void => {
      if (version === '0') return;
      try {
        compareVersions(eco.scheme, version, version);
      } catch (e) {
        const why = isFarsightError(e) ? e.message : String(e);
        throw new FarsightError('OSV_INVALID', `${source} ${JSON.stringify(adv.id)}: field affected[${i}].${where}: ${why}`, { cause: e });
      }
    };
    (a.ranges ?? []).forEach((range, j) => {
      if (range.type !== 'ECOSYSTEM') return;
      range.events.forEach((ev, k) => {
        for (const [key, value] of Object.entries(ev)) check(value as string, `ranges[${j}].events[${k}].${key}`);
      });
    });
    (a.versions ?? []).forEach((v, k) => check(v, `versions[${k}]`));
  });
}

/** The CVE ids an advisory is about: its id when it names one, plus CVE aliases and upstream ids (not `related`). */
export function advisoryCves(adv: OsvAdvisory): string[] {
  const all = [adv.id, ...(adv.aliases ?? []), ...(adv.upstream ?? [])];
  const cves = new Set<string>();
  for (const x of all) {
    const m = /CVE-\d{4}-\d{4,}/.exec(x);
    if (m) cves.add(m[0]);
  }
  return [...cves].sort();
}
