/**
 * `farsight engines …` over the console's API: list engines with their status, add one the
 * console dials, refresh, revoke, switch direction, set an engine's concurrent-scan limit
 * (`engines scan-limit`), and the pairing shared secret (`engines secret create|show|revoke`).
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { action, cell, collect, idArg, printJson, withConnection, type AdminFlags } from '../admin/command.ts';
import type { ConsoleClient, Json } from '../admin/client.ts';
import { renderTable } from '../output/table-format.ts';

interface SecretFlags extends AdminFlags { maxUses?: number; allowCidr?: string[] }
interface AddFlags extends AdminFlags { name: string; address: string; port: number }

/** `farsight engines scan-limit` value: 1–64, or `default` (the console-wide limit) → null. */
export function scanLimitArg(v: string): number | null {
  if (v === 'default') return null;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > 64) throw new InvalidArgumentError(`the scan limit must be an integer from 1 to 64, or 'default' for the console-wide limit (got '${v}')`);
  return n;
}

function ago(iso: string | null): string {
  if (!iso) return '';
  const s = Math.round((Date.now() - Date.parse(iso)) / 1000);
  return s < 120 ? `${s}s ago` : s < 7200 ? `${Math.round(s / 60)}m ago` : iso;
}

function printStatuses(list: Json[]): void {
  process.stdout.write(renderTable(['ID', 'NAME', 'STATUS', 'DIR', 'VERSION', 'CONTENT', 'HEARTBEAT', 'SKEW', 'SCANS', 'QUEUE', 'REASON'],
    list.map((e) => [cell(e.id), cell(e.name), cell(e.state), e.direction === 'standard' ? '→ engine' : e.direction === 'reverse' ? '→ console' : 'local',
      cell(e.engineVersion), cell(e.contentVersion), ago(e.lastHeartbeat as string | null), e.clockSkewMs === null ? '' : `${Math.round(Number(e.clockSkewMs) / 1000)}s`,
      e.effectiveScanLimit === undefined ? cell(e.runningScans) : `${cell(e.runningScans)}/${cell(e.effectiveScanLimit)}`, cell(e.queueDepth), cell(e.reason)])));
  // Standard direction: the admin checks the key the console pinned against the engine's own before enabling it there.
  for (const e of list.filter((x) => x.state === 'pending-authorization')) {
    process.stdout.write(e.keyFingerprint
      ? `\nengine ${cell(e.id)} (${cell(e.name)}) awaits authorization; its key SHA-256 is\n  ${cell(e.keyFingerprint)}\n` +
        'compare with `farsight engine identity` on the engine host; if they match, enable this console there (farsight engine consoles enable ID --reload)\n'
      : `\nengine ${cell(e.id)} (${cell(e.name)}) awaits authorization; the console has not reached it yet, so no key is known\n`);
  }
}

async function showStatuses(c: ConsoleClient, f: AdminFlags, refresh: boolean, ids?: number[]): Promise<void> {
  const r = refresh ? await c.json('POST', '/api/farsight/scan_engines/refresh', ids ? { ids } : {}) : await c.json('GET', '/api/farsight/scan_engines/status');
  if (f.json) return printJson(r.resources);
  printStatuses(r.resources as Json[]);
}

/** Adds the `engines` command group. */
export function registerEnginesAdminCommands(program: Command): void {
  const engines = program.command('engines').description('scan engines of the console: status, add, refresh, revoke, direction, scan limit, pairing secret');

  withConnection(engines.command('list').description('every engine with status, direction, versions, last heartbeat, clock skew, scans (running/limit), queue and reason'))
    .addHelpText('after', '\nEngines awaiting authorization are followed by their key fingerprint (SHA-256), to compare with\n`farsight engine identity` on the engine host before enabling the console there (--json: keyFingerprint).\n\nExample:\n  farsight engines list')
    .action(action(async (c, f: AdminFlags) => showStatuses(c, f, false)));

  withConnection(engines.command('refresh [ids...]').description('re-probe engines now (all displayed, or the given ids) and show their status'))
    .addHelpText('after', '\nExamples:\n  farsight engines refresh\n  farsight engines refresh 3 4')
    .action(action(async (c, f: AdminFlags, ids: string[]) => showStatuses(c, f, true, ids.length > 0 ? ids.map((i) => idArg('id')(i)) : undefined)));

  withConnection(engines.command('add').description('add an engine the console dials (console → engine); it shows Pending Authorization until enabled on the engine')
    .requiredOption('--name <name>', 'engine name')
    .requiredOption('--address <host>', 'engine address')
    .option('--port <n>', 'engine port', idArg('--port'), 40814))
    .addHelpText('after', '\nExample:\n  farsight engines add --name dmz-1 --address 127.0.0.2\nThen on the engine host: farsight engine consoles list; farsight engine consoles enable ID --reload')
    .action(action(async (c, f: AddFlags) => {
      const r = await c.json('POST', '/api/3/scan_engines', { name: f.name, address: f.address, port: f.port });
      if (f.json) return printJson(r);
      process.stdout.write(`engine ${cell(r.id)} added; the console dials ${f.address}:${f.port} now\n`);
    }));

  withConnection(engines.command('revoke <id>').description('revoke an engine: its certificate stops working and its connection drops at once'), false)
    .action(action(async (c, _f: AdminFlags, id: string) => {
      await c.json('POST', `/api/farsight/scan_engines/${idArg('id')(id)}/revoke`);
      process.stdout.write(`engine ${id} revoked; it must pair again with a new shared secret\n`);
    }));

  withConnection(engines.command('direction <id> <direction>').description('switch who dials: standard (console → engine) or reverse (engine → console); no restart'), false)
    .action(action(async (c, _f: AdminFlags, id: string, direction: string) => {
      await c.json('PUT', `/api/farsight/scan_engines/${idArg('id')(id)}/direction`, { direction });
      process.stdout.write(`engine ${id}: direction ${direction}\n`);
    }));

  withConnection(engines.command('scan-limit').description('most scans the console runs at once on this engine (1-64), or `default` for the console-wide limit (FARSIGHT_ENGINE_SCAN_LIMIT, else 4)')
    .argument('<id>', 'engine id', idArg('id')).argument('<limit>', '1-64, or `default`', scanLimitArg))
    .addHelpText('after', '\nFurther scans of that engine wait in its queue; `farsight engines list` shows SCANS as running/limit.\n\nExamples:\n  farsight engines scan-limit 3 1\n  farsight engines scan-limit 3 default')
    .action(action(async (c, f: AdminFlags, id: number, limit: number | null) => {
      const r = await c.json('PUT', `/api/farsight/scan_engines/${id}/settings`, { scanLimit: limit });
      if (f.json) return printJson({ scanLimit: r.scanLimit, effectiveScanLimit: r.effectiveScanLimit });
      process.stdout.write(`engine ${id}: at most ${cell(r.effectiveScanLimit)} concurrent scan(s)${r.scanLimit === null ? ' (the console-wide default)' : ''}\n`);
    }));

  const secret = engines.command('secret').description('the pairing shared secret (valid 60 minutes, shown once, stored hashed)');
  withConnection(secret.command('create').description('generate a shared secret (replaces any previous one) and print what an engine needs to pair')
    .option('--max-uses <n>', 'engines that may pair with it (default unlimited while it lives)', idArg('--max-uses'))
    .option('--allow-cidr <cidr...>', 'source addresses pairing engines must come from (repeatable, comma-separated)', collect))
    .addHelpText('after', '\nExample:\n  farsight engines secret create --max-uses 3 --allow-cidr 127.0.0.0/8')
    .action(action(async (c, f: SecretFlags) => {
      const r = await c.json('POST', '/api/farsight/scan_engines/shared_secret', { ...(f.maxUses ? { maxUses: f.maxUses } : {}), ...(f.allowCidr?.length ? { allowedCidrs: f.allowCidr } : {}) });
      if (f.json) return printJson(r);
      process.stdout.write(`shared secret: ${cell(r.secret)}\nvalid until:   ${cell(r.expiresAt)} (${Math.round(Number(r.timeToLive) / 60)} minutes)\nconsole CA:    ${cell(r.caFingerprint)}\nengine port:   ${cell(r.port)}\n\n` +
        `On the engine host:\n  FARSIGHT_CONSOLE_HOST=<this console's address> FARSIGHT_CONSOLE_PORT=${cell(r.port)} FARSIGHT_CONSOLE_SECRET=${cell(r.secret)} \\\n  FARSIGHT_CONSOLE_CA_FINGERPRINT=${cell(r.caFingerprint)} farsight engine\n` +
        'The secret is shown only now.\n');
    }));
  withConnection(secret.command('show').description('time left, uses and limits of the live secret (never the secret itself)'))
    .action(action(async (c, f: AdminFlags) => {
      const r = await c.json('GET', '/api/farsight/scan_engines/shared_secret');
      if (f.json) return printJson(r);
      process.stdout.write(`valid until ${cell(r.expiresAt)} (${cell(r.timeToLive)} s left); used ${cell(r.uses)}${r.maxUses === null ? '' : ` of ${cell(r.maxUses)}`} time(s); sources: ${r.allowedCidrs ? (r.allowedCidrs as string[]).join(', ') : 'any'}\n`);
    }));
  withConnection(secret.command('revoke').description('revoke the live secret (paired engines are not affected)'), false)
    .action(action(async (c) => {
      await c.json('DELETE', '/api/3/scan_engines/shared_secret');
      process.stdout.write('shared secret revoked\n');
    }));
}
