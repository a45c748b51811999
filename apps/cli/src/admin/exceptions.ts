/** `farsight exceptions list|submit|approve|reject` over /api/3/vulnerability_exceptions. */
import { Option, type Command } from 'commander';
import { renderTable } from '../output/table-format.ts';
import type { Json } from './client.ts';
import { action, cell, idArg, printJson, withConnection, type AdminFlags } from './command.ts';
import { AdminError } from './errors.ts';

/** Scopes the CLI offers (v3 labels: Global, Site, Asset, Instance). */
export const SCOPES = ['global', 'site', 'asset', 'instance'] as const;
/** Reasons (v3 labels: False Positive, Compensating Control, Acceptable Risk, Acceptable Use, Other). */
export const REASONS = ['false-positive', 'compensating-control', 'acceptable-risk', 'acceptable-use', 'other'] as const;

interface SubmitFlags extends AdminFlags {
  vulnerability: string; scope: typeof SCOPES[number]; site?: number; asset?: number; port?: number; key?: string;
  reason: string; comment: string; expires?: string;
}
interface ReviewFlags extends AdminFlags { comment?: string }

/** Builds the v3 exception body from the flags; throws when the scope lacks its id. Pure. */
export function exceptionBody(f: Omit<SubmitFlags, keyof AdminFlags>): Json {
  const needs = f.scope === 'site' ? 'site' : f.scope === 'global' ? undefined : 'asset';
  const id = needs === 'site' ? f.site : needs === 'asset' ? f.asset : undefined;
  if (needs && id === undefined) throw new AdminError('INVALID_ARGUMENT', `--scope ${f.scope} needs --${needs} ID`, 2);
  if (f.scope !== 'instance' && (f.port !== undefined || f.key !== undefined)) throw new AdminError('INVALID_ARGUMENT', '--port and --key narrow an instance scope only (--scope instance)', 2);
  const label = f.scope[0]?.toUpperCase() + f.scope.slice(1);
  return {
    scope: { type: label, ...(id !== undefined && { id }), vulnerability: f.vulnerability, ...(f.port !== undefined && { port: f.port }), ...(f.key !== undefined && { key: f.key }) },
    submit: { reason: f.reason, comment: f.comment },
    ...(f.expires !== undefined && { expires: f.expires }),
  };
}

function scopeText(s: Json): string {
  return [cell(s.type), s.id !== undefined ? cell(s.id) : '', s.port !== undefined ? `port ${cell(s.port)}` : '', s.key !== undefined ? `key ${cell(s.key)}` : ''].filter(Boolean).join(' ');
}

/** Adds the `exceptions` command group. */
export function registerExceptionsCommand(program: Command): void {
  const ex = program.command('exceptions').description('vulnerability exceptions: submit, review (approve/reject), list');

  withConnection(ex.command('list').description('list the vulnerability exceptions you may see'))
    .addHelpText('after', '\nExample:\n  farsight exceptions list --json')
    .action(action(async (c, f: AdminFlags) => {
      const list = await c.all('/api/3/vulnerability_exceptions?sort=id,DESC');
      if (f.json) return printJson(list);
      process.stdout.write(list.length === 0 ? 'no exceptions\n' : renderTable(['ID', 'STATE', 'VULNERABILITY', 'SCOPE', 'REASON', 'SUBMITTED BY', 'EXPIRES', 'COMMENT'],
        list.map((e) => {
          const sub = (e.submit ?? {}) as Json;
          return [cell(e.id), cell(e.state), cell((e.scope as Json).vulnerability), scopeText(e.scope as Json), cell(sub.reason), cell(sub.name), cell(e.expires) || 'never', cell(sub.comment)];
        })));
    }));

  withConnection(ex.command('submit').description('submit an exception; it stays Under Review until approved')
    .requiredOption('--vulnerability <id>', 'vulnerability (check) id, as in findings list')
    .addOption(new Option('--scope <scope>', 'what the exception covers').choices(SCOPES).makeOptionMandatory())
    .option('--site <id>', 'the site (--scope site)', idArg('--site'))
    .option('--asset <id>', 'the asset (--scope asset or instance)', idArg('--asset'))
    .option('--port <n>', 'the port (--scope instance)', idArg('--port'))
    .option('--key <key>', 'the instance key (--scope instance)')
    .requiredOption('--reason <reason>', `one of ${REASONS.join(', ')}`)
    .requiredOption('--comment <text>', 'why the exception is justified')
    .option('--expires <date>', 'ISO-8601 date or date-time when it stops applying (2030-01-31 = 00:00 UTC that day)'))
    .addHelpText('after', '\nExamples:\n  farsight exceptions submit --vulnerability ssh-weak-kex --scope asset --asset 7 --reason compensating-control --comment "jump host only"\n  farsight exceptions submit --vulnerability tls-self-signed --scope global --reason acceptable-risk --comment "lab" --expires 2030-01-31')
    .action(action(async (c, f: SubmitFlags) => {
      const r = await c.json('POST', '/api/3/vulnerability_exceptions', exceptionBody(f));
      if (f.json) return printJson(r);
      process.stdout.write(`submitted exception ${cell(r.id)} (Under Review)\n`);
    }));

  for (const verb of ['approve', 'reject'] as const) {
    withConnection(ex.command(verb).argument('<id>', 'exception id', idArg('exception id')).description(`${verb} an exception under review (reviewer ≠ submitter unless global admin)`)
      .option('--comment <text>', 'review comment'))
      .addHelpText('after', `\nExample:\n  farsight exceptions ${verb} 4 --comment "checked with the owner"`)
      .action(action(async (c, f: ReviewFlags, id: number) => {
        const r = await c.json('POST', `/api/3/vulnerability_exceptions/${id}/${verb}`, f.comment);
        if (f.json) return printJson(r);
        process.stdout.write(`exception ${id}: ${verb === 'approve' ? 'approved' : 'rejected'}\n`);
      }));
  }
}
