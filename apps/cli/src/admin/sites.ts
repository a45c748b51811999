/** `farsight sites list|show|create|delete` over /api/3/sites. */
import type { Command } from 'commander';
import { renderTable } from '../output/table-format.ts';
import type { Json } from './client.ts';
import { action, cell, collect, idArg, printJson, withConnection, type AdminFlags } from './command.ts';

interface CreateFlags extends AdminFlags {
  name: string; targets: string[]; exclude?: string[]; template?: string; engine?: number; description?: string; importance?: string;
}

/** Adds the `sites` command group. */
export function registerSitesCommand(program: Command): void {
  const sites = program.command('sites').description('manage the console\'s sites (what to scan, with which template and engine)');

  withConnection(sites.command('list').description('list the sites you may see'))
    .addHelpText('after', '\nExample:\n  FARSIGHT_API_KEY=fsk_… farsight sites list --ca .farsight/console/tls/ca.pem')
    .action(action(async (c, f: AdminFlags) => {
      const list = await c.all('/api/3/sites');
      if (f.json) return printJson(list);
      process.stdout.write(list.length === 0 ? 'no sites\n'
        : renderTable(['ID', 'NAME', 'TEMPLATE', 'ENGINE', 'IMPORTANCE', 'DESCRIPTION'], list.map((s) => [cell(s.id), cell(s.name), cell(s.scanTemplate), cell(s.scanEngine), cell(s.importance), cell(s.description)])));
    }));

  withConnection(sites.command('show').argument('<id>', 'site id', idArg('site id')).description('show a site with its included and excluded targets'))
    .addHelpText('after', '\nExample:\n  farsight sites show 3')
    .action(action(async (c, f: AdminFlags, id: number) => {
      const [site, inc, exc] = await Promise.all([
        c.json('GET', `/api/3/sites/${id}`), c.json('GET', `/api/3/sites/${id}/included_targets`), c.json('GET', `/api/3/sites/${id}/excluded_targets`),
      ]);
      const included = (inc.addresses ?? []) as string[];
      const excluded = (exc.addresses ?? []) as string[];
      if (f.json) return printJson({ ...site, includedTargets: included, excludedTargets: excluded });
      process.stdout.write(renderTable(['FIELD', 'VALUE'], [
        ['id', cell(site.id)], ['name', cell(site.name)], ['description', cell(site.description)], ['importance', cell(site.importance)],
        ['scan template', cell(site.scanTemplate)], ['scan engine', cell(site.scanEngine)],
        ['included targets', included.join(', ')], ['excluded targets', excluded.join(', ') || '-'],
      ]));
    }));

  withConnection(sites.command('create').description('create a site')
    .requiredOption('--name <name>', 'site name (unique)')
    .requiredOption('--targets <spec...>', 'included targets: addresses, CIDRs, ranges (127.0.1.1-127.0.1.20), hostnames; repeatable, comma-separated', collect)
    .option('--exclude <spec...>', 'excluded targets (same forms); repeatable, comma-separated', collect)
    .option('--template <id>', 'scan template id (default full-audit; see GET /api/3/scan_templates)')
    .option('--engine <id>', 'scan engine or pool id (default 1, the Local scan engine)', idArg('--engine'))
    .option('--description <text>', 'free-text description')
    .option('--importance <level>', 'very_low, low, normal (default), high or very_high'))
    .addHelpText('after', '\nExamples:\n  farsight sites create --name "Office LAN" --targets 127.0.1.0/24 --exclude 127.0.1.1\n  farsight sites create --name dmz --targets 127.0.2.10-127.0.2.40 web.demo.lab --template discovery --json')
    .action(action(async (c, f: CreateFlags) => {
      const body: Json = {
        name: f.name,
        ...(f.description !== undefined && { description: f.description }),
        ...(f.importance !== undefined && { importance: f.importance }),
        ...(f.template !== undefined && { scanTemplateId: f.template }),
        ...(f.engine !== undefined && { engineId: f.engine }),
        scan: { assets: { includedTargets: { addresses: f.targets }, ...(f.exclude && f.exclude.length > 0 && { excludedTargets: { addresses: f.exclude } }) } },
      };
      const r = await c.json('POST', '/api/3/sites', body);
      if (f.json) return printJson(r);
      process.stdout.write(`created site ${cell(r.id)} '${f.name}' (${f.targets.length} target${f.targets.length === 1 ? '' : 's'})\n`);
    }));

  withConnection(sites.command('delete').argument('<id>', 'site id', idArg('site id')).description('delete a site with its targets and site credentials (refused while scans refer to it)'))
    .addHelpText('after', '\nExample:\n  farsight sites delete 3')
    .action(action(async (c, f: AdminFlags, id: number) => {
      const r = await c.json('DELETE', `/api/3/sites/${id}`);
      if (f.json) return printJson(r);
      process.stdout.write(`deleted site ${id}\n`);
    }));
}
