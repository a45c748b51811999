/** `farsight scan` — a one-shot scan from the command line, no console needed. */
import type { Command } from 'commander';
import { FarsightError } from '@farsight/common';
import type { FingerprintDb } from '@farsight/content';
import { runScan } from '@farsight/scanner/scan/run-scan';
import { getTemplate, BUILTIN_TEMPLATES } from '@farsight/scanner/templates';
import { checkIdsHelp } from '@farsight/scanner/checks/check-ids';
import { writeReportFile } from '../output/json-stream.ts';
import { failOnStatus, formatFlag, writeScanOutput } from '../output/scan-output.ts';
import { failOnFlag } from '../output/fail-on.ts';
import { checkFlags, collectTargets, intFlag, probeBackendFlag, splitList, transportFlag, type ScanFlags } from './scan-options.ts';
import { authConfigFromFlags, CREDENTIALS_HELP, type CredentialFlags } from './credentials-options.ts';

const collect = (v: string, prev: string[]): string[] => [...prev, v];

/** Adds the `scan` command. */
export function registerScanCommand(program: Command): void {
  program
    .command('scan')
    .description('scan targets now from this machine and print what was found (like nmap, same scanner core as the engines)')
    .argument('[targets...]', 'IPv4/IPv6 addresses, CIDRs (127.0.1.0/24), ranges (127.0.1.1-50 or 127.0.1.1-127.0.1.50), hostnames, @FILE')
    .option('-e, --exclude <spec>', 'addresses, CIDRs, ranges or hostnames never to contact (repeatable, comma-separated)', collect, [])
    .option('--exclude-file <file>', 'read exclusions from a file (one or more per line, # comments)')
    .option('-i, --target-file <file>', 'read targets from a file (repeatable)', collect, [])
    .option('-p, --ports <spec>', "ports: well-known | top-N | all | 22,80,8000-8100 | U:53,161 | T:22,U:53 (default: the template's)")
    .option('-t, --template <name>', `scan template: ${Object.keys(BUILTIN_TEMPLATES).join(', ')}`, 'full-audit')
    .option('--rate <n>', 'max new TCP connections per second (0 = unlimited)')
    .option('--max-hosts <n>', 'max hosts scanned in parallel')
    .option('--retries <n>', 'extra attempts for ports that did not answer')
    .option('--service-timeout <ms>', 'hard deadline to identify one service')
    .option('--no-discovery', 'treat every target as up (skip host discovery)')
    .option('--no-service-detection', 'report open ports only, do not identify services')
    .option('--fingerprints <dir>', 'also load Recog XML fingerprints from DIR (repeatable)', collect, [])
    .option('--content-dir <dir>', 'content store whose installed package and NVD imports the scan uses (env FARSIGHT_CONTENT_DIR; default ~/.farsight/content; see farsight content list)')
    .option('--nmap-probes <file>', "also match nmap's service-probe file (e.g. /usr/share/nmap/nmap-service-probes)")
    .option('--credentials <file>', 'SSH credentials (JSON) for authenticated scanning: inventory, local findings (see below)')
    .option('--known-hosts <file>', 'pinned SSH host keys of credentialed hosts (default ~/.farsight/known_hosts)')
    .option('--advisories <path>', 'also match OSV advisories from a .json file or directory (repeatable; added to the active content\'s advisories and OSV imports)', collect, [])
    .option('--json', 'print the result as JSON (docs/scan-json.md) instead of a table (same as --format json)')
    .option('--format <fmt>', 'output: table (default) | json (docs/scan-json.md) | sarif (SARIF 2.1.0 for code-scanning tools)')
    .option('--fail-on <severity>', 'exit with status 3 when a vulnerable finding at or above info|low|medium|high|critical exists (pipeline gate)')
    .option('-o, --output <file>', 'also write the JSON result to FILE')
    .option('--no-progress', 'do not show the progress bar on stderr')
    .option('--workers <n>', 'port-scan worker threads or native helper processes (default: CPU count)')
    .option('--transport <kind>', 'port-scan socket path: auto | raw | net (default auto)')
    .option('--probe-backend <name>', 'who runs the port-scan connects: native (the C helper npm ci builds; built now if missing) | js (worker threads) | auto (default: native when built and working here, else js; env FARSIGHT_PROBE_BACKEND; docs/service-detection.md)')
    .option('--checks <ids>', 'run only these active checks (comma-separated ids; see below)')
    .option('--no-checks', 'run no active checks and no version checks, whatever the template says')
    .option('--skip-checks <ids>', 'never run these check ids (repeatable, comma-separated)', collect, [])
    .option('--intrusive', 'also run intrusive checks (they change state on the target, e.g. create and remove a directory); never on by default')
    .option('--check-timeout <ms>', 'deadline of one check on one service (default 10000)')
    .addHelpText('after', `
Examples:
  farsight scan 127.0.1.0/24
  farsight scan 127.0.2.1-60 --ports top-1000 --exclude 127.0.2.7 --json
  farsight scan @targets.txt --template discovery -o result.json
  farsight scan 127.0.2.10 --fingerprints ../shared/recog --nmap-probes /usr/share/nmap/nmap-service-probes
  farsight scan 127.0.5.0/24 --format sarif --fail-on high > farsight.sarif

Active checks (templates full-audit, exhaustive and endpoint run the safe ones; discovery runs none):
  ${checkIdsHelp()}
  What each sends and why it is safe: docs/active-checks.md

Version checks (safe, on by default with active checks): every identified product and version is matched
  against the active content (--content-dir: installed package or built-in pack, plus NVD imports;
  docs/checks.md lists the built-in pack); distribution builds (Debian/Ubuntu OpenSSH
  revisions, '(Ubuntu)', '(Red Hat)' in banners) are judged by the distribution's fixed package, and a
  build whose revision is hidden is reported as 'potential', never as vulnerable (docs/vulnerability-content.md).

${CREDENTIALS_HELP}

Exit status: 0 scan finished, 1 runtime failure, 2 invalid input (the message says which token),
  3 --fail-on found a vulnerable finding at or above the given severity.`)
    .action(async (targets: string[], flags: ScanFlags & CredentialFlags) => { await scanAction(targets, flags); });
}

async function scanAction(tokens: string[], flags: ScanFlags & CredentialFlags): Promise<void> {
  const format = formatFlag(flags.format, flags.json);
  const failOn = failOnFlag(flags.failOn);
  const targets = await collectTargets(tokens, flags.targetFile);
  const exclude = splitList(flags.exclude);
  if (flags.excludeFile) exclude.push(...await collectTargets([`@${flags.excludeFile}`], []));
  const template = getTemplate(flags.template);
  const performance = {
    ...definedOnly({
      rate: intFlag('--rate', flags.rate, 0, 10_000_000),
      maxParallelHosts: intFlag('--max-hosts', flags.maxHosts, 1, 65_536),
      retries: intFlag('--retries', flags.retries, 0, 10),
      serviceTimeoutMs: intFlag('--service-timeout', flags.serviceTimeout, 100, 600_000),
    }),
  };
  const workers = intFlag('--workers', flags.workers, 1, 64);
  const transport = transportFlag(flags.transport);
  const probeBackend = probeBackendFlag(flags.probeBackend);
  // Fingerprints load while discovery and the port scan run; a bad directory still fails
  // the scan (before any result is printed) with its own error.
  // With service detection off, nothing may ever need them (a pure port scan): load on first use.
  // Installed content (farsight content update/import) replaces the built-in pack; see docs/content.md.
  const contentDir = (flags as { contentDir?: string }).contentDir;
  const content = lazyLoad(async () => {
    const store = await import('@farsight/content/store/index');
    const c = await store.loadActiveContent({ contentDir: store.resolveContentDir(contentDir) });
    for (const w of c.warnings) process.stderr.write(`warning: ${w}\n`);
    return c;
  });
  const fingerprints = lazyLoad(() => loadFingerprints(flags.fingerprints, contentDir));
  if (flags.serviceDetection || flags.fingerprints.length > 0) fingerprints.start();
  const nmapProbes = flags.nmapProbes ? await (await import('@farsight/content')).loadNmapProbes(flags.nmapProbes) : undefined;

  const auth = await authConfigFromFlags(flags, (m) => process.stderr.write(`warning: ${m}\n`), async () => (await content).advisories);

  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const progress = flags.progress ? (await import('../output/progress.ts')).startProgress() : undefined;
  try {
    const report = await runScan({
      targets, exclude, template, ports: flags.ports, noDiscovery: !flags.discovery,
      serviceDetection: flags.serviceDetection ? undefined : false,
      performance, fingerprints, nmapProbes, workers, transport, probeBackend, signal: controller.signal, checks: checkFlags(flags),
      vulnPack: { then: (ok, fail) => content.then((c) => c.vulns).then(ok, fail) },
      ...(auth ? { auth } : {}),
    }, {
      onProgress: progress?.update,
      onWarning: (m) => progress ? progress.log(`warning: ${m}`) : process.stderr.write(`warning: ${m}\n`),
    });
    if (fingerprints.started) await fingerprints;
    await auth?.knownHosts.flush();
    progress?.stop();
    if (flags.output) {
      try { await writeReportFile(report, flags.output); } catch (e) {
        throw new FarsightError('OUTPUT_WRITE_FAILED', `cannot write ${flags.output}: ${(e as Error).message}; choose a writable path`, { cause: e });
      }
    }
    // SARIF rules describe findings from the content this scan loaded (imports and packages too).
    await writeScanOutput(report, format, undefined, format === 'sarif' ? content : undefined);
    const status = failOnStatus(report, failOn, (line) => process.stderr.write(`farsight: ${line}\n`));
    if (status !== 0) process.exitCode = status;
  } finally {
    progress?.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** A promise-like that starts its work when first awaited (or on start()). */
function lazyLoad<T>(load: () => Promise<T>): PromiseLike<T> & { start(): void; readonly started: boolean } {
  let p: Promise<T> | undefined;
  const start = (): Promise<T> => {
    if (!p) { p = load(); p.catch(() => undefined); }
    return p;
  };
  return {
    start() { void start(); },
    get started() { return p !== undefined; },
    then(onFulfilled, onRejected) { return start().then(onFulfilled, onRejected); },
  };
}

async function loadFingerprints(dirs: string[], contentDir: string | undefined): Promise<FingerprintDb> {
  // Imported here, not at the top: a pure port scan never loads the content package (its
  // XML parser, schemas, advisories), which would cost it ~30 ms of start-up.
  const { FingerprintDb } = await import('@farsight/content');
  const store = await import('@farsight/content/store/index');
  const installed = await store.activeFingerprintDir(store.resolveContentDir(contentDir));
  let db = installed ? await FingerprintDb.loadDirectory(installed) : await FingerprintDb.builtin();
  for (const dir of dirs) db = db.merge(await FingerprintDb.loadDirectory(dir));
  return db;
}

function definedOnly<T extends Record<string, unknown>>(o: T): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<{ [K in keyof T]: Exclude<T[K], undefined> }>;
}
