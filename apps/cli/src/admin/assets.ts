/** `farsight assets list|show` and `farsight findings list` over /api/3/assets and /api/farsight/assets/{id}/findings. */
import { Option, type Command } from 'commander';
import { renderTable } from '../output/table-format.ts';
import type { ConsoleClient, Json } from './client.ts';
import { action, cell, idArg, printJson, withConnection, type AdminFlags } from './command.ts';

interface AssetFlags extends AdminFlags { site?: number }
interface FindingFlags extends AdminFlags { site?: number; asset?: number; state?: string }

/** Finding lifecycle states (docs/scans.md). */
export const FINDING_STATES = ['new', 'active', 'remediated', 'reopened'] as const;

function assetsOf(c: ConsoleClient, site: number | undefined): Promise<Json[]> {
  return c.all(site !== undefined ? `/api/3/sites/${site}/assets?sort=ip,ASC` : '/api/3/assets?sort=ip,ASC');
}

function services(a: Json): Json[] { return (a.services ?? []) as Json[]; }

/** Adds the `assets` and `findings` command groups. */
export function registerAssetsCommands(program: Command): void {
  const assets = program.command('assets').description('assets (hosts) the console\'s scans found');

  withConnection(assets.command('list').description('list assets with their OS and open services')
    .option('--site <id>', 'only assets scanned in this site', idArg('--site')))
    .addHelpText('after', '\nExamples:\n  farsight assets list\n  farsight assets list --site 3 --json')
    .action(action(async (c, f: AssetFlags) => {
      const list = await assetsOf(c, f.site);
      if (f.json) return printJson(list);
      process.stdout.write(list.length === 0 ? 'no assets\n' : renderTable(['ID', 'ADDRESS', 'HOST NAME', 'OS', 'SERVICES', 'VULNS'],
        list.map((a) => [cell(a.id), cell(a.ip), cell(a.hostName), cell(a.os), services(a).map((s) => `${cell(s.port)}/${cell(s.protocol)}`).join(','), cell((a.vulnerabilities as Json | undefined)?.total)])));
    }));

  withConnection(assets.command('show').argument('<id>', 'asset id', idArg('asset id')).description('show an asset: addresses, host names, OS, services, software, scan history'))
    .addHelpText('after', '\nExample:\n  farsight assets show 7')
    .action(action(async (c, f: AdminFlags, id: number) => {
      const a = await c.json('GET', `/api/3/assets/${id}`);
      if (f.json) return printJson(a);
      const os = (a.osFingerprint ?? {}) as Json;
      const lines = [
        renderTable(['FIELD', 'VALUE'], [
          ['id', cell(a.id)], ['address', ((a.addresses ?? []) as Json[]).map((x) => cell(x.ip) + (x.mac ? ` (${cell(x.mac)})` : '')).join(', ')],
          ['host names', ((a.hostNames ?? []) as Json[]).map((h) => cell(h.name)).join(', ')],
          ['os', [cell(a.os), os.cpe ? `[${cell((os.cpe as Json)['v2.3'])}]` : ''].filter(Boolean).join(' ')],
          ['vulnerabilities', cell((a.vulnerabilities as Json | undefined)?.total)],
          ['scans', ((a.history ?? []) as Json[]).map((h) => cell(h.scanId)).join(', ')],
        ]),
        '\nSERVICES\n',
        services(a).length === 0 ? '  none\n' : renderTable(['PORT', 'NAME', 'PRODUCT', 'TUNNEL'],
          services(a).map((s) => [`${cell(s.port)}/${cell(s.protocol)}`, cell(s.name), [s.vendor, s.product, s.version].filter(Boolean).map(cell).join(' '), cell(s.tunnel)]), '  '),
      ];
      const sw = (a.software ?? []) as Json[];
      if (sw.length > 0) lines.push('\nSOFTWARE\n', renderTable(['TYPE', 'SOFTWARE', 'CPE'], sw.map((s) => [cell(s.type), cell(s.description), cell((s.cpe as Json | undefined)?.['v2.3'])]), '  '));
      process.stdout.write(lines.join(''));
    }));

  const findings = program.command('findings').description('vulnerability findings and their lifecycle state (new, active, remediated, reopened)');
  withConnection(findings.command('list').description('list findings of an asset, of a site\'s assets, or of every asset you may see (remediated ones included)')
    .option('--asset <id>', 'only this asset', idArg('--asset'))
    .option('--site <id>', 'only assets scanned in this site', idArg('--site'))
    .addOption(new Option('--state <state>', 'only findings in this state').choices(FINDING_STATES)))
    .addHelpText('after', '\nExamples:\n  farsight findings list --site 3\n  farsight findings list --asset 7 --state remediated --json')
    .action(action(async (c, f: FindingFlags) => {
      const targets: Json[] = f.asset !== undefined ? [await c.json('GET', `/api/3/assets/${f.asset}`)] : await assetsOf(c, f.site);
      const rows: Json[] = [];
      for (const a of targets) {
        const r = await c.json('GET', `/api/farsight/assets/${cell(a.id)}/findings`);
        for (const x of (r.resources ?? []) as Json[]) if (f.state === undefined || x.state === f.state) rows.push({ assetId: a.id, ip: a.ip, ...x });
      }
      if (f.json) return printJson(rows);
      process.stdout.write(rows.length === 0 ? 'no findings\n' : renderTable(['ASSET', 'ADDRESS', 'CHECK', 'PORT', 'STATE', 'SEVERITY', 'SINCE', 'TITLE'],
        rows.map((x) => [cell(x.assetId), cell(x.ip), cell(x.checkId), Number(x.port) > 0 ? `${cell(x.port)}/${cell(x.protocol)}` : '-', cell(x.state), cell(x.severity), cell(x.since), cell(x.title)])));
    }));
}
