/**
 * `farsight engine identity` — prints the engine's key fingerprint (SHA-256 of its public key),
 * the value a console that dials this engine shows while it is Pending Authorization. The admin
 * compares the two before enabling the console (docs/engines.md "Verifying the engine's key").
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { FarsightError } from '@farsight/common';
import { reportError } from '../errors.ts';

interface Flags { dataDir?: string; json?: boolean }

/** Adds `identity` under `engine`. */
export function registerEngineIdentityCommand(engine: Command, dataDirOf: (flag: string | undefined) => string): void {
  engine.command('identity').description('print this engine\'s key fingerprint (SHA-256), to compare with what a console shows before enabling it')
    .option('--data-dir <dir>', 'engine data directory (env FARSIGHT_ENGINE_DATA_DIR)')
    .option('--json', 'print JSON')
    .addHelpText('after', `
The console shows this fingerprint for an engine it dials (farsight engines list: a note under
each Pending Authorization engine; --json and the API: field keyFingerprint). When both match, enable
the console on this engine: farsight engine consoles enable ID --reload. Reads only; creates
nothing (the engine creates its key at its first start).

Example:
  farsight engine identity --data-dir /var/lib/farsight-engine`)
    .action(async (_f: unknown, cmd: Command) => {
      // `engine` has --data-dir too and parses it first: read the merged set.
      const f = cmd.optsWithGlobals<Flags>();
      try {
        const { readKeyFingerprint } = await import('@farsight/engine/identity');
        const dataDir = dataDirOf(f.dataDir);
        const fp = readKeyFingerprint(join(dataDir, 'conf'));
        if (!fp) throw new FarsightError('ENGINE_CONFIG_INVALID', `no engine key in ${join(dataDir, 'conf', 'engine.key')}; start the engine once (farsight engine --data-dir ${dataDir}) or pass the right --data-dir`);
        if (f.json) { process.stdout.write(`${JSON.stringify({ keyFingerprint: fp, dataDir }, null, 2)}\n`); return; }
        process.stdout.write(`key fingerprint (SHA-256): ${fp}\ndata directory:            ${dataDir}\n`);
      } catch (e) { process.exitCode = reportError(e); }
    });
}
