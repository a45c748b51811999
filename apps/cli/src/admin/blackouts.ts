/** `farsight blackouts list|create|enable|disable|delete` over /api/farsight/blackouts (global) and /api/farsight/sites/{id}/blackouts. */
import type { Command } from 'commander';
import { renderTable } from '../output/table-format.ts';
import type { Json } from './client.ts';
import { action, cell, idArg, printJson, withConnection, type AdminFlags } from './command.ts';

interface ListFlags extends AdminFlags { site?: number }
interface CreateFlags extends ListFlags { name: string; rule?: string; from?: string; until?: string; disabled?: boolean }

/** Adds the `blackouts` command group. */
export function registerBlackoutsCommand(program: Command): void {
  const blackouts = program.command('blackouts').description('manage blackouts: times when scans must not run (global, or one site\'s)');
  const base = (site?: number): string => (site === undefined ? '/api/farsight/blackouts' : `/api/farsight/sites/${site}/blackouts`);

  withConnection(blackouts.command('list').description('list global blackouts, or a site\'s with --site, with whether each is in force now')
    .option('--site <id>', 'the site\'s own blackouts (global ones apply too)', idArg('--site')))
    .addHelpText('after', '\nExamples:\n  farsight blackouts list\n  farsight blackouts list --site 3')
    .action(action(async (c, f: ListFlags) => {
      const list = ((await c.json('GET', base(f.site))).resources ?? []) as Json[];
      if (f.json) return printJson(list);
      process.stdout.write(list.length === 0 ? 'no blackouts\n' : renderTable(['ID', 'NAME', 'ENABLED', 'WHEN', 'NOW', 'NEXT START'],
        list.map((b) => [cell(b.id), cell(b.name), b.enabled ? 'yes' : 'no', cell(b.rule) || `${cell(b.from)} – ${cell(b.until)}`,
          b.active ? `in force until ${cell(b.currentEnd)}` : '-', cell(b.nextStart) || '-'])));
    }));

  withConnection(blackouts.command('create').description('create a blackout: a repeating --rule, or a one-off --from/--until')
    .requiredOption('--name <name>', 'what it is for (shown in the reason of every scan it holds)')
    .option('--site <id>', 'a blackout of this site only (default: global, global administrators only)', idArg('--site'))
    .option('--rule <rule>', 'repeating: FREQ=DAILY|WEEKLY|MONTHLY;BYDAY=…;BYMONTHDAY=…;START=HH:MM;DURATION=PT#H#M;TZID=<zone>')
    .option('--from <time>', 'one-off start, ISO-8601 with offset')
    .option('--until <time>', 'one-off end, ISO-8601 with offset')
    .option('--disabled', 'save it disabled'))
    .addHelpText('after', '\nExamples:\n  farsight blackouts create --site 3 --name "office hours" --rule "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;START=08:00;DURATION=PT10H;TZID=Europe/Berlin"\n  farsight blackouts create --name "change freeze" --from 2026-12-20T00:00:00Z --until 2027-01-04T00:00:00Z')
    .action(action(async (c, f: CreateFlags) => {
      const body: Json = { name: f.name, enabled: !f.disabled, ...(f.rule !== undefined && { rule: f.rule }), ...(f.from !== undefined && { from: f.from }), ...(f.until !== undefined && { until: f.until }) };
      const r = await c.json('POST', base(f.site), body);
      if (f.json) return printJson(r);
      process.stdout.write(`created ${f.site === undefined ? 'global blackout' : `blackout of site ${f.site}`} ${cell(r.id)} '${f.name}'\n`);
    }));

  for (const [verb, enabled] of [['enable', true], ['disable', false]] as const) {
    withConnection(blackouts.command(verb).argument('<id>', 'blackout id', idArg('blackout id')).description(`${verb} a blackout`))
      .addHelpText('after', `\nExample:\n  farsight blackouts ${verb} 4`)
      .action(action(async (c, f: AdminFlags, id: number) => {
        const b = await c.json('GET', `/api/farsight/blackouts/${id}`);
        const body: Json = { name: b.name, enabled, ...(b.rule !== undefined ? { rule: b.rule } : { from: b.from, until: b.until }) };
        const r = await c.json('PUT', `/api/farsight/blackouts/${id}`, body);
        if (f.json) return printJson(r);
        process.stdout.write(`blackout ${id} ${enabled ? 'enabled' : 'disabled'}\n`);
      }));
  }

  withConnection(blackouts.command('delete').argument('<id>', 'blackout id', idArg('blackout id')).description('delete a blackout; scans it paused resume'))
    .addHelpText('after', '\nExample:\n  farsight blackouts delete 4')
    .action(action(async (c, f: AdminFlags, id: number) => {
      const r = await c.json('DELETE', `/api/farsight/blackouts/${id}`);
      if (f.json) return printJson(r);
      process.stdout.write(`deleted blackout ${id}\n`);
    }));
}
