/**
 * One scan running on the engine: runScan from @farsight/scanner with the scan's hosts
 * already reported skipped, every finished host spooled (durably) in small batches, progress
 * and log lines emitted, and an abort that lets hosts in flight finish and be kept.
 */
import { isFarsightError, toFarsightError } from '@farsight/common';
import type { FingerprintDb } from '@farsight/content';
import type { ActiveContent } from '@farsight/content/store/index';
import type { HostAuthMessage, MessageInput, ScanCredential } from '@farsight/engine-protocol';
import type { HostResult, ScanOptions, ScanReport, ScanEvents, ScanTemplate } from '@farsight/scanner';
import type { Spool, SpoolScan } from './spool.ts';
import { fitHost } from './host-fit.ts';
import { runTestCheck } from './test-check.ts';
import { scanAuthConfig, summariseAuth, toSshCredentials } from './scan-auth.ts';

/** Why a job was aborted: pause and stop are commands, shutdown leaves the scan to resume later. */
export type AbortReason = 'pause' | 'stop' | 'shutdown';

/** How a job ended. */
export type JobOutcome = { kind: 'finished' } | { kind: 'aborted'; reason: AbortReason } | { kind: 'failed'; code: string; message: string };

/** Progress and log frames a job emits (the runner adds the envelope). */
export type JobEvent =
  | { type: 'scan.progress'; body: Omit<MessageInput<'scan.progress'>, 'v' | 'id' | 'type' | 'ts'> }
  | { type: 'scan.log'; body: Omit<MessageInput<'scan.log'>, 'v' | 'id' | 'type' | 'ts'> };

/** What a job needs from its runner. */
export interface JobDeps {
  spool: Spool;
  fingerprints: () => Promise<FingerprintDb>;
  runScan: (options: ScanOptions, events: ScanEvents) => Promise<ScanReport>;
  /** The engine's active content (EngineContent.get): its definitions drive the version checks. Default: the scanner's built-in pack. */
  content?: () => Promise<ActiveContent>;
  emit: (event: JobEvent) => void;
  /** Called after a batch was spooled, so the runner can send it. */
  onBatch: (scanId: string) => void;
  /** Hosts per batch (default 16) and the longest a finished host waits for its batch (default 200 ms). */
  batchHosts?: number;
  flushMs?: number;
  progressMs?: number;
  /** A cloud engine's networks: the scanner probes nothing outside them. */
  allow?: string[];
  /** Awaited before each host is probed; settles when the console has caught up (backpressure) or the job aborts. */
  hold?: (scanId: string, signal: AbortSignal) => Promise<void>;
  /** The scan's console credentials (protocol 1.2), held in the runner's memory, never spooled. */
  credentials?: () => readonly ScanCredential[] | undefined;
  /** Where host keys are pinned on first use (authenticated scans). */
  knownHostsPath?: string;
}

/** A scan being run; `run()` settles when it ends for any reason. */
export class ScanJob {
  readonly scanId: string;
  #scan: SpoolScan;
  readonly #deps: JobDeps;
  readonly #abort = new AbortController();
  #abortReason: AbortReason | undefined;
  #buffer: HostResult[] = [];
  #timer: NodeJS.Timeout | undefined;
  #sinceProgress: Array<{ address: string; status: 'up' | 'down'; openPorts: number }> = [];
  #lastProgress = 0;
  #skippedByUser = 0;
  #done: Promise<JobOutcome> | undefined;
  /** Credential name → console credential id, for the auth outcomes of host results. */
  #credentialIds = new Map<string, number>();

  constructor(scan: SpoolScan, deps: JobDeps) {
    this.scanId = scan.scanId;
    this.#scan = scan;
    this.#deps = deps;
  }

  /** True once abort() was called (hosts in flight are finishing). */
  get aborting(): boolean { return this.#abortReason !== undefined; }

  /** Counters for heartbeats. */
  get progress(): { hostsDone: number; hostsTotal: number } {
    return { hostsDone: this.#scan.hostsDone + this.#skippedByUser, hostsTotal: this.#scan.hostsTotal };
  }

  /** Runs the scan (once; later calls return the same promise). */
  run(): Promise<JobOutcome> {
    this.#done ??= this.#run();
    return this.#done;
  }

  /** Stops pulling new hosts; hosts in flight finish and are spooled; run() then settles. */
  abort(reason: AbortReason): Promise<JobOutcome> {
    // A stop wins over a pause (or shutdown) already under way: the scan must end stopped.
    if (reason === 'stop' || this.#abortReason === undefined) this.#abortReason = reason;
    this.#abort.abort();
    return this.run();
  }

  #log(level: 'info' | 'warn' | 'error', line: string): void {
    this.#deps.emit({ type: 'scan.log', body: { scanId: this.scanId, level, line: line.slice(0, 4000) } });
  }

  async #run(): Promise<JobOutcome> {
    const spec = this.#scan.spec;
    const done = this.#deps.spool.doneHosts(this.scanId);
    if (done.size > 0) this.#log('info', `resuming: ${done.size} host(s) already reported are skipped`);
    else this.#log('info', `scan started: ${this.#scan.hostsTotal} host(s), template ${typeof spec.template === 'string' ? spec.template : spec.template.id}`);
    const fingerprints = this.#deps.fingerprints();
    fingerprints.catch(() => undefined);
    const content = this.#deps.content?.();
    content?.then((c) => {
      this.#log('info', `content ${c.version} (${c.source}): ${c.vulns.definitions.length} vulnerability definition(s), ${c.imported.nvdMatchable} from NVD imports`);
      for (const w of c.warnings) this.#log('warn', `content: ${w}`);
    }, () => undefined);
    const vulnPack = content?.then((c) => c.vulns);
    vulnPack?.catch(() => undefined);
    const options: ScanOptions = {
      targets: spec.targets,
      // Hosts already spooled are excluded: the target list is deterministic, so resuming
      // scans exactly the hosts not yet reported, and the scope guard never dials them.
      exclude: [...spec.exclusions, ...done],
      ...(this.#deps.allow ? { allow: this.#deps.allow } : {}),
      template: spec.template as ScanTemplate | string,
      ...(spec.ports !== undefined ? { ports: spec.ports } : {}),
      ...(spec.noDiscovery !== undefined ? { noDiscovery: spec.noDiscovery } : {}),
      ...(spec.performance ? { performance: spec.performance } : {}),
      fingerprints,
      // Version checks match the store's active definitions (package or built-in, plus NVD imports).
      ...(vulnPack ? { vulnPack } : {}),
      signal: this.#abort.signal,
      ...(this.#deps.hold ? { beforeHost: () => (this.#deps.hold as NonNullable<JobDeps['hold']>)(this.scanId, this.#abort.signal) } : {}),
    };
    const auth = await this.#authConfig(content);
    if (auth) options.auth = auth;
    let outcome: JobOutcome;
    try {
      await this.#deps.runScan(options, {
        onHostDone: (host) => this.#hostDone(host),
        onWarning: (message) => this.#warning(message, done),
        onProgress: () => this.#progress(false),
      });
      outcome = this.#abort.signal.aborted && this.#abortReason ? { kind: 'aborted', reason: this.#abortReason } : { kind: 'finished' };
    } catch (e) {
      if (this.#abortReason && (isFarsightError(e, 'SCAN_ABORTED') || this.#abort.signal.aborted)) outcome = { kind: 'aborted', reason: this.#abortReason };
      else {
        const err = toFarsightError(e);
        outcome = { kind: 'failed', code: err.code, message: err.message };
      }
    }
    await auth?.knownHosts.flush().catch((e: unknown) => this.#log('warn', `known hosts: ${toFarsightError(e).message}`));
    try {
      this.#flush();
    } catch (e) {
      const err = toFarsightError(e);
      outcome = { kind: 'failed', code: err.code, message: err.message };
    }
    this.#progress(true);
    if (outcome.kind === 'failed') this.#log('error', `scan failed: ${outcome.code}: ${outcome.message}`);
    else if (outcome.kind === 'aborted') this.#log('info', `scan ${outcome.reason === 'pause' ? 'paused' : outcome.reason === 'stop' ? 'stopped' : 'interrupted (engine shutting down)'}`);
    else this.#log('info', `scan finished: ${this.#scan.hostsDone} host(s) reported, ${this.#scan.hostsUp} up`);
    return outcome;
  }

  /** The scan's authenticated-scanning config, or undefined when it has no usable credential (never throws). */
  async #authConfig(content: Promise<ActiveContent> | undefined): Promise<ScanOptions['auth']> {
    const given = this.#deps.credentials?.() ?? [];
    if (given.length === 0) return undefined;
    const spec = this.#scan.spec;
    try {
      const { credentials, warnings } = await toSshCredentials(given, spec);
      for (const w of warnings) this.#log('warn', `credentials: ${w}`);
      if (credentials.length === 0) return undefined;
      this.#credentialIds = new Map(given.map((c) => [c.name, c.id]));
      const advisories = async () => (content ? (await content).advisories : (await import('@farsight/content/osv/index')).builtinAdvisories());
      const config = await scanAuthConfig(credentials, this.#deps.knownHostsPath ?? 'known_hosts', advisories);
      this.#log('info', `authenticated scanning: ${credentials.length} SSH credential(s) (${credentials.map((c) => c.name).join(', ').slice(0, 400)}), ${config.advisories.length} advisory(ies)`);
      return config;
    } catch (e) {
      this.#log('error', `authenticated scanning is off for this scan: ${toFarsightError(e).message}`);
      return undefined;
    }
  }

  #authSummary(h: HostResult): HostAuthMessage | undefined {
    return h.auth ? summariseAuth(h.auth, this.#credentialIds) : undefined;
  }

  #hostDone(host: HostResult): void {
    this.#buffer.push(host);
    if (this.#buffer.length >= (this.#deps.batchHosts ?? 16)) this.#flush();
    else this.#timer ??= setTimeout(() => { this.#timer = undefined; this.#safeFlush(); }, this.#deps.flushMs ?? 200);
  }

  #safeFlush(): void {
    try { this.#flush(); } catch (e) {
      // The spool is unwritable: stop scanning rather than scan hosts that cannot be kept.
      this.#log('error', `spool write failed: ${toFarsightError(e).message}`);
      this.#abortReason ??= 'shutdown';
      this.#abort.abort();
    }
  }

  /** Writes buffered hosts as one batch (durable before it is sent). */
  #flush(): void {
    if (this.#timer) { clearTimeout(this.#timer); this.#timer = undefined; }
    if (this.#buffer.length === 0) return;
    const hosts = this.#buffer;
    this.#buffer = [];
    const fitted = [];
    for (const h of hosts) {
      const f = fitHost(h, this.#scan.spec.testCheck ? runTestCheck(h, this.#scan.spec.testCheck) : [], this.#authSummary(h));
      if (!f.ok) { this.#log('error', `host ${h.address}: result dropped, it does not fit the protocol: ${f.message}`); continue; }
      if (f.truncated > 0) this.#log('warn', `host ${h.address}: ${f.truncated} over-long field(s) truncated`);
      fitted.push(f.host);
      this.#sinceProgress.push({ address: h.address, status: h.status, openPorts: h.services.filter((s) => s.state === 'open').length });
      if (h.status === 'up') this.#log('info', `host ${h.address} up: ${h.services.length} service(s), ${f.host.findings.length} finding(s)${f.host.auth ? `, login ${f.host.auth.outcome}` : ''}`);
    }
    if (fitted.length === 0) return;
    this.#deps.spool.appendBatch(this.scanId, fitted);
    this.#scan = this.#deps.spool.getScan(this.scanId) ?? this.#scan;
    this.#deps.onBatch(this.scanId);
  }

  #warning(message: string, done: Set<string>): void {
    const skipped = /^skipped (\S+?)(?::| \()/.exec(message);
    if (skipped && done.has(skipped[1] ?? '')) return; // reported before the resume, not news
    if (skipped) this.#skippedByUser++;
    this.#log('warn', message);
  }

  #progress(final: boolean): void {
    const now = Date.now();
    if (!final && now - this.#lastProgress < (this.#deps.progressMs ?? 1000)) return;
    this.#lastProgress = now;
    const hosts = this.#sinceProgress.splice(0, 1024);
    this.#deps.emit({
      type: 'scan.progress',
      body: { scanId: this.scanId, hostsDone: this.progress.hostsDone, hostsTotal: this.#scan.hostsTotal, hostsUp: this.#scan.hostsUp, hosts },
    });
  }
}
