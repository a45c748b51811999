/** `farsight engine consoles list|enable ID|disable ID` — the engine's conf/consoles.xml, edited atomically. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { FarsightError } from '@farsight/common';
import { reportError } from '../errors.ts';
import { renderTable } from '../output/table-format.ts';
import type { ConsolesStore } from '@farsight/engine/consoles-store';

interface Flags { dataDir?: string; json?: boolean; reload?: boolean }

function reload(dataDir: string): string {
  const pidFile = join(dataDir, 'engine.pid');
  if (!existsSync(pidFile)) return 'no running engine found (no engine.pid); the change applies at its next start';
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  try { process.kill(pid, 'SIGHUP'); return `sent SIGHUP to engine pid ${pid}: it re-reads consoles.xml now`; } catch { return `engine pid ${pid} is not running; the change applies at its next start`; }
}

/** Adds `consoles` under `engine`. */
export function registerEngineConsolesCommand(engine: Command, dataDirOf: (flag: string | undefined) => string): void {
  const consoles = engine.command('consoles').description('consoles this engine knows (conf/consoles.xml): list, enable, disable');
  const store = async (f: Flags): Promise<ConsolesStore> => {
    const { ConsolesStore } = await import('@farsight/engine/consoles-store');
    return new ConsolesStore(join(dataDirOf(f.dataDir), 'conf'));
  };
  consoles.command('list').description('list consoles, their trust fingerprint and whether they are enabled')
    .option('--data-dir <dir>', 'engine data directory (env FARSIGHT_ENGINE_DATA_DIR)')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExample:\n  farsight engine consoles list --data-dir /var/lib/farsight-engine')
    .action(async (_f: unknown, cmd: Command) => {
      // `engine` has --data-dir too and parses it first: read the merged set.
      const f = cmd.optsWithGlobals<Flags>();
      try {
        const list = (await store(f)).list();
        if (f.json) { process.stdout.write(`${JSON.stringify(list, null, 2)}\n`); return; }
        if (list.length === 0) { process.stdout.write('no consoles yet: pair with one, or add this engine in a console so it dials in\n'); return; }
        process.stdout.write(renderTable(['ID', 'NAME', 'ENABLED', 'DIRECTION', 'LAST ADDRESS', 'FINGERPRINT (CA SHA-256)'],
          list.map((c) => [c.id, c.name, c.enabled ? 'yes' : 'no', c.direction === 'reverse' ? `engine → console ${c.host ?? ''}:${c.port ?? ''}` : 'console → engine', c.lastAddress, c.fingerprint])));
      } catch (e) { process.exitCode = reportError(e); }
    });
  for (const [verb, on] of [['enable', true], ['disable', false]] as const) {
    consoles.command(`${verb} <id>`).description(`${verb} a console (${on ? 'authorize it to use this engine' : 'refuse it from now on'})`)
      .option('--data-dir <dir>', 'engine data directory (env FARSIGHT_ENGINE_DATA_DIR)')
      .option('--reload', 'also tell the running engine to re-read consoles.xml (SIGHUP to the pid in engine.pid)')
      .addHelpText('after', `\nExample:\n  farsight engine consoles ${verb} 4f0c2a9e1b3d5c7a --reload`)
      .action(async (id: string, _f: unknown, cmd: Command) => {
        const f = cmd.optsWithGlobals<Flags>();
        try {
          const s = await store(f);
          if (!s.setEnabled(id, on)) throw new FarsightError('ENGINE_CONFIG_INVALID', `no console with id '${id}' in ${s.file}; \`farsight engine consoles list\` shows the ids`);
          process.stdout.write(`console ${id} ${on ? 'enabled' : 'disabled'} in ${s.file}\n`);
          process.stdout.write(`${f.reload ? reload(dataDirOf(f.dataDir)) : 'reload the engine to apply: farsight engine consoles … --reload, kill -HUP <pid>, or restart it'}\n`);
        } catch (e) { process.exitCode = reportError(e); }
      });
  }
}
