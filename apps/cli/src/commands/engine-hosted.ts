/**
 * `farsight engine authorize-console ID|FINGERPRINT|IP` (and `--list`, `--revoke VALUE`): the
 * consoles a hosted engine (`farsight engine --hosted`) serves; conf/authorized-consoles.json.
 * `farsight engine maintenance add|list|remove`: the engine's published maintenance windows.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { FarsightError } from '@farsight/common';
import { reportError } from '../errors.ts';
import { renderTable } from '../output/table-format.ts';

interface Flags { dataDir?: string; list?: boolean; revoke?: string; reload?: boolean; json?: boolean }

function reload(dataDir: string): string {
  const pidFile = join(dataDir, 'engine.pid');
  if (!existsSync(pidFile)) return 'no running engine found (no engine.pid); the change applies at its next start';
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  try { process.kill(pid, 'SIGHUP'); return `sent SIGHUP to engine pid ${pid}: it re-reads its configuration now`; } catch { return `engine pid ${pid} is not running; the change applies at its next start`; }
}

const AUTH_HELP = `
A hosted engine (farsight engine --hosted) refuses every console not authorized here, including
consoles it dials itself after pairing; the console shows
"Cannot refresh scan engine (<name>): Unauthorized console connection from: <IP>".
Authorize by the console's CA fingerprint (SHA-256, as \`farsight engine consoles list\` shows),
its console id (16 hex digits, same list), or its IP address. New connections see the change at
once (a dialed console at the engine's next attempt; --reload retries it now); --revoke also
disables the console in consoles.xml (add --reload to drop a live connection).

Examples:
  farsight engine authorize-console 4f0c2a9e1b3d5c7a
  farsight engine authorize-console 4F:0C:2A:…:7A
  farsight engine authorize-console 127.0.0.1
  farsight engine authorize-console --list
  farsight engine authorize-console --revoke 4f0c2a9e1b3d5c7a --reload`;

/** Adds `authorize-console` and `maintenance` under `engine`. */
export function registerEngineHostedCommands(engine: Command, dataDirOf: (flag: string | undefined) => string): void {
  engine.command('authorize-console [console]').description('authorize a console to use this hosted engine (by id, CA fingerprint or IP); --list, --revoke')
    .option('--data-dir <dir>', 'engine data directory (env FARSIGHT_ENGINE_DATA_DIR)')
    .option('--list', 'list the authorized consoles')
    .option('--revoke <console>', 'revoke an authorization (and disable that console in consoles.xml)')
    .option('--reload', 'tell the running engine to re-read its configuration (SIGHUP to the pid in engine.pid)')
    .option('--json', 'print JSON (with --list)')
    .addHelpText('after', AUTH_HELP)
    .action(async (value: string | undefined, _f: unknown, cmd: Command) => {
      const f = cmd.optsWithGlobals<Flags>();
      try {
        const dataDir = dataDirOf(f.dataDir);
        const { HostedAuthorizations, parseAuthorization, authorizes } = await import('@farsight/engine/hosted');
        const auth = new HostedAuthorizations(join(dataDir, 'conf'));
        if (f.list) {
          const list = auth.list();
          if (f.json) { process.stdout.write(`${JSON.stringify(list, null, 2)}\n`); return; }
          if (list.length === 0) { process.stdout.write('no console is authorized: a hosted engine refuses every console\n'); return; }
          process.stdout.write(renderTable(['KIND', 'VALUE', 'AUTHORIZED AT'], list.map((a) => [a.kind, a.value, a.addedAt])));
          return;
        }
        if (f.revoke !== undefined) {
          const gone = auth.remove(f.revoke);
          const { ConsolesStore } = await import('@farsight/engine/consoles-store');
          const store = new ConsolesStore(join(dataDir, 'conf'));
          const disabled = store.list().filter((c) => gone.kind !== 'ip' && authorizes(gone, c.fingerprint, '')).map((c) => c.id);
          for (const id of disabled) store.setEnabled(id, false);
          process.stdout.write(`revoked ${gone.kind} ${gone.value}${disabled.length > 0 ? `; console(s) ${disabled.join(', ')} disabled in consoles.xml` : ''}\n`);
          if (f.reload) process.stdout.write(`${reload(dataDir)}\n`);
          return;
        }
        if (value === undefined) throw new FarsightError('INVALID_ARGUMENT', 'name the console to authorize (id, CA fingerprint or IP), or use --list / --revoke; see --help');
        parseAuthorization(value);
        const a = auth.add(value);
        process.stdout.write(`authorized ${a.kind} ${a.value} in ${auth.file}; it is served from its next connection\n`);
        if (f.reload) process.stdout.write(`${reload(dataDir)}\n`);
      } catch (e) { process.exitCode = reportError(e); }
    });

  const m = engine.command('maintenance').description('maintenance windows this engine publishes to its consoles: add, list, remove');
  m.command('add <id> <rule>').description('add a window: FREQ=DAILY|WEEKLY|MONTHLY;BYDAY=…;BYMONTHDAY=…;START=HH:MM;DURATION=PT#H#M;TZID=<zone>')
    .option('--data-dir <dir>', 'engine data directory (env FARSIGHT_ENGINE_DATA_DIR)')
    .addHelpText('after', `
In a window consoles start no scan on this engine and pause its running scans until it ends; a
schedule that would run into one is saved with a warning. Consoles learn a change with the next
heartbeat (no restart). BYDAY takes MO..SU, for monthly rules with an ordinal (1WE = first
Wednesday, -1FR = last Friday). START is local time in TZID (an IANA zone; DST is handled).

Examples:
  farsight engine maintenance add patch-wed 'FREQ=MONTHLY;BYDAY=1WE;START=10:00;DURATION=PT4H;TZID=America/New_York'
  farsight engine maintenance add nightly 'FREQ=DAILY;START=02:00;DURATION=PT30M;TZID=UTC'`)
    .action(async (id: string, rule: string, _f: unknown, cmd: Command) => {
      const f = cmd.optsWithGlobals<Flags>();
      try {
        const { MaintenanceStore } = await import('@farsight/engine/maintenance-store');
        const { nextWindow } = await import('@farsight/engine-protocol');
        const store = new MaintenanceStore(join(dataDirOf(f.dataDir), 'conf'));
        const r = store.add(id, rule);
        const next = nextWindow([r], new Date());
        process.stdout.write(`added maintenance window '${r.id}'${next ? `; next: ${next.start.toISOString()} to ${next.end.toISOString()}` : ''}\n`);
      } catch (e) { process.exitCode = reportError(e); }
    });
  m.command('list').description('list the windows and when each next opens')
    .option('--data-dir <dir>', 'engine data directory (env FARSIGHT_ENGINE_DATA_DIR)')
    .option('--json', 'print JSON')
    .action(async (_f: unknown, cmd: Command) => {
      const f = cmd.optsWithGlobals<Flags>();
      try {
        const { MaintenanceStore } = await import('@farsight/engine/maintenance-store');
        const { formatMaintenanceRule, nextWindow } = await import('@farsight/engine-protocol');
        const rules = new MaintenanceStore(join(dataDirOf(f.dataDir), 'conf')).list();
        if (f.json) { process.stdout.write(`${JSON.stringify(rules, null, 2)}\n`); return; }
        if (rules.length === 0) { process.stdout.write('no maintenance windows\n'); return; }
        const now = new Date();
        process.stdout.write(renderTable(['ID', 'RULE', 'NEXT WINDOW (UTC)'], rules.map((r) => {
          const n = nextWindow([r], now);
          return [r.id, formatMaintenanceRule(r), n ? `${n.start.toISOString().slice(0, 16)} – ${n.end.toISOString().slice(0, 16)}` : '-'];
        })));
      } catch (e) { process.exitCode = reportError(e); }
    });
  m.command('remove <id>').description('remove a window')
    .option('--data-dir <dir>', 'engine data directory (env FARSIGHT_ENGINE_DATA_DIR)')
    .action(async (id: string, _f: unknown, cmd: Command) => {
      const f = cmd.optsWithGlobals<Flags>();
      try {
        const { MaintenanceStore } = await import('@farsight/engine/maintenance-store');
        new MaintenanceStore(join(dataDirOf(f.dataDir), 'conf')).remove(id);
        process.stdout.write(`removed maintenance window '${id}'\n`);
      } catch (e) { process.exitCode = reportError(e); }
    });
}
