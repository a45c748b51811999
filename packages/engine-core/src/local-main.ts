/**
 * Entry point of the console's built-in Local scan engine: a child process the console forks
 * (`child_process.fork`, the console's own Node) that speaks engine-protocol over the Node
 * IPC channel. Spool: `<spool dir>/spool.sqlite`, the dir given as `--spool-dir DIR` or
 * FARSIGHT_ENGINE_SPOOL_DIR (the console passes `<data dir>/local-engine`).
 * FARSIGHT_ENGINE_MAINTENANCE (rules separated by `|`) publishes maintenance windows;
 * FARSIGHT_ENGINE_ALLOWED_CIDRS limits what it scans (cloud-image scope).
 * Content: the store in `--content-dir DIR`, else FARSIGHT_CONTENT_DIR, else ~/.farsight/content
 * (the console's own, so console and Local engine read the same definitions).
 */
import { join } from 'node:path';
import { toFarsightError } from '@farsight/common';
import { parseMaintenanceRule, type MaintenanceRule } from '@farsight/engine-protocol';
import { EngineContent } from './engine-content.ts';
import { EngineRunner } from './runner.ts';
import { Spool } from './spool.ts';

function spoolDir(argv: readonly string[]): string | undefined {
  const i = argv.indexOf('--spool-dir');
  return (i >= 0 ? argv[i + 1] : undefined) ?? process.env.FARSIGHT_ENGINE_SPOOL_DIR;
}

function contentDirArg(argv: readonly string[]): string | undefined {
  const i = argv.indexOf('--content-dir');
  return i >= 0 ? argv[i + 1] : undefined;
}

/** Rules from `FARSIGHT_ENGINE_MAINTENANCE`: `RULE` texts separated by `|` (ids m1, m2, …). */
function maintenanceFromEnv(text: string | undefined): MaintenanceRule[] {
  return (text ?? '').split('|').map((t) => t.trim()).filter(Boolean).map((t, i) => parseMaintenanceRule(`m${i + 1}`, t));
}

function main(): void {
  const send = process.send?.bind(process);
  const dir = spoolDir(process.argv.slice(2));
  if (!send || !dir) {
    console.error('local engine: must be started by the console (child_process.fork with an IPC channel) with --spool-dir DIR');
    process.exit(2);
  }
  let spool: Spool;
  try { spool = new Spool(join(dir, 'spool.sqlite')); } catch (e) {
    const err = toFarsightError(e);
    console.error(`local engine: error ${err.code}: ${err.message}`);
    process.exit(1);
  }
  let maintenance: MaintenanceRule[];
  try { maintenance = maintenanceFromEnv(process.env.FARSIGHT_ENGINE_MAINTENANCE); } catch (e) {
    console.error(`local engine: FARSIGHT_ENGINE_MAINTENANCE: ${toFarsightError(e).message}`);
    process.exit(2);
  }
  // Cloud-image scope for tests and local-style engines: FARSIGHT_ENGINE_ALLOWED_CIDRS=a/b,c/d.
  const allowed = (process.env.FARSIGHT_ENGINE_ALLOWED_CIDRS ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  const content = new EngineContent(contentDirArg(process.argv.slice(2)));
  const runner = new EngineRunner({
    spool,
    send: (m) => { if (process.connected) send(m); },
    fingerprints: () => content.fingerprints(),
    content: () => content.get(),
    contentVersion: () => content.version,
    batchHosts: Number(process.env.FARSIGHT_ENGINE_BATCH_HOSTS) || undefined,
    maintenance: () => maintenance,
    ...(allowed.length > 0 ? { allowedNetworks: allowed } : {}),
    onIncompatible: (message) => { console.error(`local engine: ${message}`); spool.close(); process.exit(3); },
    onDiagnostic: (message) => console.error(`local engine: ${message}`),
  });
  process.on('message', (m: unknown) => {
    try { runner.handle(m); } catch (e) {
      // A spool that cannot be written is fatal: exit so the console restarts us and we resume.
      const err = toFarsightError(e);
      console.error(`local engine: error ${err.code}: ${err.message}`);
      spool.close();
      process.exit(1);
    }
  });
  // The console went away (exit or kill -9): stop at once. Hosts in flight were never
  // claimed, so the next engine rescans them; every spooled host is resent when it connects.
  process.on('disconnect', () => { spool.close(); process.exit(0); });
  // Content and fingerprints load on the first scan (runScan takes the promises and starts
  // probing meanwhile), so an idle console does not pay for them; hello names the active version.
  void content.refreshVersion().finally(() => runner.connect());
}

main();
