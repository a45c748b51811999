/** `farsight scans list|show|start|pause|resume|stop|log` over /api/3/scans and /api/3/sites/{id}/scans. */
import { InvalidArgumentError, type Command } from 'commander';
import { renderTable } from '../output/table-format.ts';
import type { ConsoleClient, Json } from './client.ts';
import { action, cell, collect, idArg, printJson, withConnection, type AdminFlags } from './command.ts';
import { exitStatusOfScan, waitForScan } from './scan-wait.ts';

interface ListFlags extends AdminFlags { site?: number; active?: boolean }
interface StartFlags extends AdminFlags { hosts?: string[]; name?: string; template?: string; wait?: boolean; timeout?: number; pollInterval: number }

function seconds(name: string, min: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min) throw new InvalidArgumentError(`${name} must be a number of seconds ≥ ${min}`);
    return n;
  };
}

const progress = (s: Json): string => `${cell(s.hostsDone)}/${cell(s.hostsTotal)}`;

function scanRows(list: Json[]): string {
  return renderTable(['ID', 'SITE', 'NAME', 'STATE', 'HOSTS', 'ASSETS', 'STARTED', 'ENDED', 'MESSAGE'],
    list.map((s) => [cell(s.id), `${cell(s.siteId)} ${cell(s.siteName)}`, cell(s.scanName), cell(s.state), progress(s), cell(s.assets), cell(s.startTime), cell(s.endTime), cell(s.message)]));
}

function scanDetail(s: Json): string {
  const v = (s.vulnerabilities ?? {}) as Json;
  return renderTable(['FIELD', 'VALUE'], [
    ['id', cell(s.id)], ['name', cell(s.scanName)], ['site', `${cell(s.siteId)} ${cell(s.siteName)}`], ['state', cell(s.state)], ['message', cell(s.message)],
    ['engine', `${cell(s.engineId)} ${cell(s.engineName)}`], ['started by', cell(s.startedBy)], ['hosts done', progress(s)], ['assets', cell(s.assets)],
    ['start', cell(s.startTime)], ['end', cell(s.endTime)], ['duration', cell(s.duration)],
    ['vulnerabilities', `${cell(v.total)} (critical ${cell(v.critical)}, severe ${cell(v.severe)}, moderate ${cell(v.moderate)})`],
  ]);
}

async function act(c: ConsoleClient, f: AdminFlags, id: number, verb: 'pause' | 'resume' | 'stop'): Promise<void> {
  const r = await c.json('POST', `/api/3/scans/${id}/${verb}`);
  if (f.json) return printJson(r);
  const past = { pause: 'paused', resume: 'resumed', stop: 'stopping' }[verb];
  process.stdout.write(`scan ${id}: ${past}\n`);
}

/** Adds the `scans` command group. */
export function registerScansCommand(program: Command): void {
  const scans = program.command('scans').description('start, follow and control scans on the console');

  withConnection(scans.command('list').description('list scans (newest first)')
    .option('--site <id>', 'only the scans of this site', idArg('--site'))
    .option('--active', 'only scans still under way'))
    .addHelpText('after', '\nExamples:\n  farsight scans list\n  farsight scans list --site 3 --active')
    .action(action(async (c, f: ListFlags) => {
      const base = f.site !== undefined ? `/api/3/sites/${f.site}/scans` : '/api/3/scans';
      const list = await c.all(`${base}?sort=id,DESC${f.active ? '&active=true' : ''}`);
      if (f.json) return printJson(list);
      process.stdout.write(list.length === 0 ? 'no scans\n' : scanRows(list));
    }));

  withConnection(scans.command('show').argument('<id>', 'scan id', idArg('scan id')).description('show a scan: state and its reason, progress, timing'))
    .addHelpText('after', '\nExample:\n  farsight scans show 12')
    .action(action(async (c, f: AdminFlags, id: number) => {
      const s = await c.json('GET', `/api/3/scans/${id}`);
      if (f.json) return printJson(s);
      process.stdout.write(scanDetail(s));
    }));

  withConnection(scans.command('start').argument('<site-id>', 'site to scan', idArg('site id'))
    .description('start a scan of a site (or of some of its hosts); --wait follows it to the end')
    .option('--hosts <host...>', 'scan only these hosts (they must lie inside the site\'s targets); repeatable, comma-separated', collect)
    .option('--name <name>', 'scan name')
    .option('--template <id>', 'scan template for this scan only (default: the site\'s)')
    .option('--wait', 'wait until the scan ends, showing progress on stderr; exit 0 when finished, 1 when stopped or in error')
    .option('--timeout <seconds>', 'with --wait: give up waiting after this long (exit 1; the scan keeps running)', seconds('--timeout', 1))
    .option('--poll-interval <seconds>', 'with --wait: seconds between status checks', seconds('--poll-interval', 0.1), 1))
    .addHelpText('after', '\nExamples:\n  farsight scans start 3 --wait\n  farsight scans start 3 --hosts 127.0.1.5 127.0.1.6 --name "re-check" --json')
    .action(action(async (c, f: StartFlags, siteId: number) => {
      const body: Json = {
        ...(f.name !== undefined && { name: f.name }), ...(f.hosts && f.hosts.length > 0 && { hosts: f.hosts }), ...(f.template !== undefined && { templateId: f.template }),
      };
      const r = await c.json('POST', `/api/3/sites/${siteId}/scans`, body);
      const id = Number(r.id);
      if (!f.wait) {
        if (f.json) return printJson(r);
        process.stdout.write(`started scan ${id} of site ${siteId}\n`);
        return;
      }
      if (!f.json) process.stderr.write(`started scan ${id} of site ${siteId}\n`);
      const s = await waitForScan(c, id, { intervalMs: f.pollInterval * 1000, ...(f.timeout !== undefined && { timeoutMs: f.timeout * 1000 }) });
      const state = String(s.state);
      if (f.json) printJson(s);
      else process.stdout.write(scanDetail(s));
      if (!['finished', 'stopped', 'error'].includes(state)) {
        process.stderr.write(`farsight: scan ${id} is still ${state} after --timeout; it keeps running (farsight scans show ${id})\n`);
        return 1;
      }
      if (state !== 'finished') process.stderr.write(`farsight: scan ${id} ended ${state}: ${cell(s.message)}\n`);
      return exitStatusOfScan(state);
    }));

  for (const verb of ['pause', 'resume', 'stop'] as const) {
    withConnection(scans.command(verb).argument('<id>', 'scan id', idArg('scan id')).description(`${verb} a scan`))
      .addHelpText('after', `\nExample:\n  farsight scans ${verb} 12`)
      .action(action(async (c, f: AdminFlags, id: number) => act(c, f, id, verb)));
  }

  withConnection(scans.command('log').argument('<id>', 'scan id', idArg('scan id')).description('print the scan log (status changes, engine messages)'), false)
    .addHelpText('after', '\nExample:\n  farsight scans log 12 > scan-12.log')
    .action(action(async (c, _f: AdminFlags, id: number) => {
      process.stdout.write(await c.text('GET', `/api/farsight/scans/${id}/log`));
    }));
}
