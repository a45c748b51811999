/** `farsight schedules list|show|create|enable|disable|delete` over /api/3/sites/{id}/scan_schedules. */
import { InvalidArgumentError, type Command } from 'commander';
import { renderTable } from '../output/table-format.ts';
import type { ConsoleClient, Json } from './client.ts';
import { action, cell, collect, idArg, printJson, withConnection, type AdminFlags } from './command.ts';

interface SiteFlags extends AdminFlags { site: number }
interface CreateFlags extends SiteFlags {
  start: string; every?: string; interval: number; dayOfWeek?: string; weekOfMonth?: number; dateOfMonth?: number; lastDayOfMonth?: boolean;
  duration?: string; onRepeat: string; name?: string; template?: string; engine?: number; hosts?: string[]; timeZone?: string; disabled?: boolean;
}

const ORDINAL = ['', 'first', 'second', 'third', 'fourth', 'fifth'];

function intArg(name: string, min: number, max: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a whole number ${min}–${max} (got '${v}')`);
    return n;
  };
}

/** "every 2 weeks", "first wednesday of every month", … (for the table). */
export function describeRepeat(s: Json): string {
  const r = s.repeat as Json | undefined;
  if (!r) return 'once';
  const n = Number(r.interval);
  const every = (unit: string): string => (n === 1 ? `every ${unit}` : `every ${n} ${unit}s`);
  switch (r.every) {
    case 'hour': case 'day': case 'week': return every(String(r.every));
    case 'date-of-month': return `${r.lastDayOfMonth ? 'last day' : `day ${cell(r.dateOfMonth ?? new Date(String(s.start)).getUTCDate())}`} of ${every('month')}`;
    case 'day-of-month': return `${ORDINAL[Number(r.weekOfMonth)] ?? `week ${cell(r.weekOfMonth)}`} ${cell(r.dayOfWeek)} of ${every('month')}`;
    default: return cell(r.every);
  }
}

/** An instant as the wall clock of `zone` shows it (e.g. "Wed 2 Dec 2026, 10:00"). */
export function localTime(iso: string, zone: string): string {
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
  } catch {
    return '';
  }
}

function printWarnings(warnings: Json[] | undefined): void {
  for (const w of warnings ?? []) process.stderr.write(`farsight: warning: ${cell(w.message)}\n`);
}

async function setEnabled(c: ConsoleClient, site: number, id: number, enabled: boolean): Promise<Json> {
  const s = await c.json('GET', `/api/3/sites/${site}/scan_schedules/${id}`);
  const { id: _id, links: _links, nextRuntimes: _next, lastRunTime: _lr, lastScanId: _ls, lastOutcome: _lo, ...body } = s;
  return c.json('PUT', `/api/3/sites/${site}/scan_schedules/${id}`, { ...body, enabled });
}

/** Adds the `schedules` command group. */
export function registerSchedulesCommand(program: Command): void {
  const schedules = program.command('schedules').description('manage a site\'s scan schedules (recurring scans, maximum duration)');
  const siteOption = (cmd: Command): Command => cmd.requiredOption('--site <id>', 'the site the schedules belong to', idArg('--site'));

  withConnection(siteOption(schedules.command('list').description('list a site\'s schedules with their next run and what the last run did')))
    .addHelpText('after', '\nExample:\n  farsight schedules list --site 3')
    .action(action(async (c, f: SiteFlags) => {
      const r = await c.json('GET', `/api/3/sites/${f.site}/scan_schedules`);
      const list = (r.resources ?? []) as Json[];
      if (f.json) return printJson(list);
      process.stdout.write(list.length === 0 ? `site ${f.site} has no schedules\n`
        : renderTable(['ID', 'NAME', 'ENABLED', 'REPEAT', 'TIME ZONE', 'MAX DURATION', 'NEXT RUN', 'LAST RUN'],
          list.map((s) => [cell(s.id), cell(s.scanName), s.enabled ? 'yes' : 'no', describeRepeat(s), cell(s.timeZone), cell(s.duration) || '-',
            cell((s.nextRuntimes as string[])[0]) || '-', cell(s.lastOutcome) || '-'])));
    }));

  withConnection(siteOption(schedules.command('show').argument('<id>', 'schedule id', idArg('schedule id')).description('show one schedule with its next 10 runs')))
    .addHelpText('after', '\nExample:\n  farsight schedules show 2 --site 3')
    .action(action(async (c, f: SiteFlags, id: number) => {
      const s = await c.json('GET', `/api/3/sites/${f.site}/scan_schedules/${id}`);
      if (f.json) return printJson(s);
      process.stdout.write(renderTable(['FIELD', 'VALUE'], [
        ['id', cell(s.id)], ['name', cell(s.scanName)], ['enabled', s.enabled ? 'yes' : 'no'], ['start', cell(s.start)], ['repeat', describeRepeat(s)],
        ['time zone', cell(s.timeZone)], ['maximum duration', cell(s.duration) || '-'], ['on repeat', cell(s.onScanRepeat)],
        ['template', cell(s.scanTemplateId) || '(site\'s)'], ['engine', cell(s.scanEngineId) || '(site\'s)'],
        ['hosts', ((s.assets as Json | undefined)?.includedTargets?.addresses as string[] | undefined)?.join(', ') ?? '(whole site)'],
        ['last run', cell(s.lastRunTime) || '-'], ['last outcome', cell(s.lastOutcome) || '-'],
      ]));
      const next = (s.nextRuntimes ?? []) as string[];
      process.stdout.write(next.length === 0 ? '\nno further runs\n' : `\nnext runs (UTC, then ${cell(s.timeZone)}):\n${next.map((t) => `  ${t}  ${localTime(t, String(s.timeZone))}`).join('\n')}\n`);
    }));

  withConnection(siteOption(schedules.command('create').description('create a schedule; warns when a run would overlap an engine maintenance window')
    .requiredOption('--start <time>', 'first run, ISO-8601 with offset (2026-12-01T02:00:00Z)')
    .option('--every <unit>', 'repeat: hour, day, week, date-of-month or day-of-month (default: run once)')
    .option('--interval <n>', 'repeat every n units (default 1)', intArg('--interval', 1, 1000), 1)
    .option('--day-of-week <day>', 'day-of-month: the weekday (monday … sunday)')
    .option('--week-of-month <n>', 'day-of-month: the week, 1–5 (1 = days 1–7: "first Wednesday")', intArg('--week-of-month', 1, 5))
    .option('--date-of-month <n>', 'date-of-month: the day, 1–31 (shorter months run on their last day)', intArg('--date-of-month', 1, 31))
    .option('--last-day-of-month', 'date-of-month: run on the last day of the month')
    .option('--duration <iso>', 'maximum duration, P[n]DT[n]H[n]M (PT4H); a scan still running then is paused')
    .option('--on-repeat <what>', 'when the previous scan was paused at its maximum duration: restart-scan or resume-scan', 'restart-scan')
    .option('--name <name>', 'name of the scans it starts (unique within the site\'s schedules)')
    .option('--template <id>', 'scan template (default: the site\'s)')
    .option('--engine <id>', 'scan engine or pool (default: the site\'s)', idArg('--engine'))
    .option('--hosts <spec...>', 'scan only these hosts of the site; repeatable, comma-separated', collect)
    .option('--time-zone <zone>', 'IANA zone whose local time repeats keep across DST (default: the console\'s)')
    .option('--disabled', 'save it disabled')))
    .addHelpText('after', '\nExamples:\n  farsight schedules create --site 3 --start 2026-12-02T15:00:00Z --every day-of-month --day-of-week wednesday --week-of-month 1 --time-zone America/New_York --duration PT4H\n  farsight schedules create --site 3 --start 2026-12-01T02:00:00Z --every day --duration PT6H --on-repeat resume-scan --name nightly')
    .action(action(async (c, f: CreateFlags) => {
      const repeat: Json | undefined = f.every === undefined ? undefined : {
        every: f.every, interval: f.interval,
        ...(f.dayOfWeek !== undefined && { dayOfWeek: f.dayOfWeek }), ...(f.weekOfMonth !== undefined && { weekOfMonth: f.weekOfMonth }),
        ...(f.dateOfMonth !== undefined && { dateOfMonth: f.dateOfMonth }), ...(f.lastDayOfMonth && { lastDayOfMonth: true }),
      };
      const body: Json = {
        enabled: !f.disabled, onScanRepeat: f.onRepeat, start: f.start, ...(repeat && { repeat }),
        ...(f.duration !== undefined && { duration: f.duration }), ...(f.name !== undefined && { scanName: f.name }),
        ...(f.template !== undefined && { scanTemplateId: f.template }), ...(f.engine !== undefined && { scanEngineId: f.engine }),
        ...(f.hosts && f.hosts.length > 0 && { assets: { includedTargets: { addresses: f.hosts } } }), ...(f.timeZone !== undefined && { timeZone: f.timeZone }),
      };
      const r = await c.json('POST', `/api/3/sites/${f.site}/scan_schedules`, body);
      printWarnings(r.warnings as Json[] | undefined);
      if (f.json) return printJson(r);
      const s = await c.json('GET', `/api/3/sites/${f.site}/scan_schedules/${cell(r.id)}`);
      process.stdout.write(`created schedule ${cell(r.id)} of site ${f.site}: ${describeRepeat(s)}, next run ${cell((s.nextRuntimes as string[])[0]) || 'none'}\n`);
    }));

  for (const [verb, enabled] of [['enable', true], ['disable', false]] as const) {
    withConnection(siteOption(schedules.command(verb).argument('<id>', 'schedule id', idArg('schedule id')).description(`${verb} a schedule`)))
      .addHelpText('after', `\nExample:\n  farsight schedules ${verb} 2 --site 3`)
      .action(action(async (c, f: SiteFlags, id: number) => {
        const r = await setEnabled(c, f.site, id, enabled);
        printWarnings(r.warnings as Json[] | undefined);
        if (f.json) return printJson(r);
        process.stdout.write(`schedule ${id} of site ${f.site} ${enabled ? 'enabled' : 'disabled'}\n`);
      }));
  }

  withConnection(siteOption(schedules.command('delete').argument('<id>', 'schedule id', idArg('schedule id')).description('delete a schedule (scans it started stay)')))
    .addHelpText('after', '\nExample:\n  farsight schedules delete 2 --site 3')
    .action(action(async (c, f: SiteFlags, id: number) => {
      const r = await c.json('DELETE', `/api/3/sites/${f.site}/scan_schedules/${id}`);
      if (f.json) return printJson(r);
      process.stdout.write(`deleted schedule ${id} of site ${f.site}\n`);
    }));
}
