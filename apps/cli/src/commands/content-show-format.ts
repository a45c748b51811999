/** Renders `farsight content show ID` (pure): a definition, an NVD record and OSV advisories as readable text. */
import { describeRange } from '@farsight/content/cpe/range';
import type { ContentLookup } from '@farsight/content/store/lookup';
import { rulesOf } from '@farsight/content/import/vuln-definition';
import { versionRulesOf } from '@farsight/content/vulns/pack';

const WIDTH = 96;
const LABEL = 14;

function wrap(text: string, indent: number): string {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > WIDTH - indent) { lines.push(line); line = w; } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

function field(label: string, value: string | undefined): string {
  return value === undefined || value === '' ? '' : `  ${`${label}:`.padEnd(LABEL)}${wrap(value, LABEL + 2)}\n`;
}

function list(label: string, items: string[]): string {
  if (items.length === 0) return '';
  return `  ${label}:\n${items.map((i) => `    - ${i}`).join('\n')}\n`;
}

function definitionText(l: ContentLookup): string {
  const d = l.definition;
  if (!d) return '';
  // One rule per product (a definition several products share lists each).
  const rules = versionRulesOf(d);
  const affected = rules.map((r) => `${r.productKey} ${r.ranges.map(describeRange).join('; ')}`).join(' | ');
  const fixes = rules.flatMap((r) => r.distroFixes).map((f) => `${f.distro} ${f.release} ${f.package}: ${f.fixed !== undefined ? `fixed in ${f.fixed}` : 'not affected'}`);
  return `${d.id}  ${d.title}\n`
    + field('Source', l.definitionOrigin)
    + field('Severity', d.severity)
    + d.scores.map((s) => field(`CVSS ${s.version}`, `${s.score.toFixed(1)}  ${s.vector}`)).join('')
    + field('CVEs', d.cves.join(', '))
    + field('CWEs', d.cwes.join(', '))
    + field('Published', [d.published, d.modified ? `modified ${d.modified}` : undefined].filter(Boolean).join(', '))
    + field('Description', d.description)
    + field('Affected', affected || 'no version rule (not matched by version checks)')
    + list('Distro fixes', fixes)
    + field('Solution', `${d.solution.type}: ${d.solution.text}`)
    + list('References', d.references);
}

function nvdText(l: ContentLookup): string {
  const c = l.nvd;
  if (!c) return '';
  const rules = rulesOf(c);
  const configs: string[] = [];
  c.configurations.forEach((cfg, i) => {
    const nodes = cfg.nodes.map((n) => {
      const matches = n.matches.map((m) => {
        const [, , , vendor, product, version = '*', update = '*'] = m.criteria.split(':');
        const exact = version === '*' ? undefined : `${version}${update !== '*' && update !== '-' ? update : ''}`;
        const range = describeRange(exact !== undefined && !m.versionStartIncluding && !m.versionStartExcluding && !m.versionEndIncluding && !m.versionEndExcluding ? { version: exact } : m);
        return `${vendor ?? ''}:${product ?? ''} ${range}${m.vulnerable ? '' : ' (platform, not vulnerable)'}`;
      });
      return `${n.negate ? 'NOT ' : ''}${n.operator === 'AND' ? 'all of' : 'any of'} [${matches.join(', ')}]`;
    });
    configs.push(`${i + 1}. ${cfg.negate ? 'NOT ' : ''}${nodes.join(cfg.operator === 'AND' ? ' AND ' : ' OR ')}`);
  });
  const fixed = [...new Set(c.configurations.flatMap((cfg) => cfg.nodes.flatMap((n) => n.matches.filter((m) => m.vulnerable && m.versionEndExcluding).map((m) => `${m.criteria.split(':')[4]} ${m.versionEndExcluding}`))))];
  return `${c.id}  (NVD import${c.status ? `, ${c.status}` : ''})\n`
    + field('Severity', c.severity)
    + c.cvss.map((s) => field(`CVSS ${s.version}`, `${s.score.toFixed(1)}  ${s.vector}${s.source ? `  (${s.source})` : ''}`)).join('')
    + field('CWEs', c.cwes.join(', '))
    + field('Published', `${c.published.slice(0, 10)}, modified ${c.modified.slice(0, 10)}`)
    + field('Description', c.description)
    + list('Configurations', configs)
    + field('Version rule', rules.length > 0 ? `${rules.map((r) => `${r.product.name}: ${r.ranges.map(describeRange).join('; ')}`).join(' | ')}${l.definition ? ' (not used: the definition above takes precedence)' : ' (matched by version checks)'}` : 'none: no OR configuration of a product the version checks know (not matched)')
    + field('Fixed in', fixed.join('; '))
    + list('References', c.references.map((r) => r.url));
}

function advisoryText(a: ContentLookup['advisories'][number]): string {
  const adv = a.advisory;
  const affected = (adv.affected ?? []).map((x) => {
    const events = (x.ranges ?? []).flatMap((r) => r.events.map((e) => Object.entries(e).map(([k, v]) => `${k} ${String(v)}`).join('')));
    const versions = x.versions?.length ? ` versions ${x.versions.slice(0, 5).join(', ')}${x.versions.length > 5 ? ', …' : ''}` : '';
    return `${x.package.ecosystem} ${x.package.name}: ${events.join(', ')}${versions}`;
  });
  const fixed = (adv.affected ?? []).flatMap((x) => (x.ranges ?? []).flatMap((r) => r.events.flatMap((e) => ('fixed' in e ? [`${x.package.ecosystem} ${x.package.name} ${e.fixed}`] : []))));
  return `${adv.id}  ${adv.summary ?? ''}\n`
    + field('Source', a.origin)
    + field('Aliases', [...(adv.aliases ?? []), ...(adv.upstream ?? [])].join(', '))
    + (adv.severity ?? []).map((s) => field(s.type, s.score)).join('')
    + field('Published', [adv.published?.slice(0, 10), `modified ${adv.modified.slice(0, 10)}`].filter(Boolean).join(', '))
    + field('Details', adv.details)
    + list('Affected', affected)
    + list('Fixed versions', fixed)
    + list('References', (adv.references ?? []).map((r) => r.url));
}

/** The full text of a lookup (sections separated by blank lines). */
export function renderContentShow(l: ContentLookup): string {
  return [definitionText(l), nvdText(l), ...l.advisories.map(advisoryText)].filter((s) => s !== '').join('\n');
}
