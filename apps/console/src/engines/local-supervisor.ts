/**
 * Supervises the built-in Local scan engine (engine id 1): forks
 * `packages/engine-core/src/local-main.ts` with the console's own Node (`process.execPath`),
 * speaks engine-protocol over the IPC channel, and restarts it with exponential backoff when
 * it exits. Its spool lives in `<data dir>/local-engine/`, so a restarted engine (or console)
 * resends what was not acknowledged and resumes its scans.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { toFarsightError } from '@farsight/common';
import { LOCAL_ENGINE_MAIN } from '@farsight/engine-core';
import type { Db } from '../db/index.ts';
import { setEngineStatus, LOCAL_ENGINE_ID } from '../services/engines-registry.ts';
import type { EngineLinks } from './links.ts';
import { EngineSession, type Log } from './session.ts';

/** Options of the supervisor. */
export interface LocalEngineOptions {
  db: Db;
  dataDir: string;
  links: EngineLinks;
  log: Log;
  /** First and largest restart delay (default 500 ms, 30 s). */
  backoffMs?: [number, number];
  /** Extra environment for the engine (tests). */
  env?: NodeJS.ProcessEnv;
  /** Run a local-style engine as this registered engine id instead of the Local engine (pool tests). */
  engineId?: number;
  /** Spool directory (default `<data dir>/local-engine`). */
  spoolDir?: string;
}

/** Keeps the Local scan engine running. */
export class LocalEngineSupervisor {
  readonly #o: LocalEngineOptions;
  #child: ChildProcess | undefined;
  #session: EngineSession | undefined;
  #stopped = false;
  #delay: number;
  #timer: NodeJS.Timeout | undefined;
  #startedAt = 0;
  /** Times the engine was started (tests read it). */
  starts = 0;

  constructor(options: LocalEngineOptions) {
    this.#o = options;
    this.#delay = options.backoffMs?.[0] ?? 500;
  }

  /** The engine's process id while it runs. */
  get pid(): number | undefined { return this.#child?.pid; }

  /** The current session (tests). */
  get session(): EngineSession | undefined { return this.#session; }

  /** Starts the engine. */
  start(): void {
    this.#stopped = false;
    this.#spawn();
  }

  #spawn(): void {
    if (this.#stopped) return;
    this.starts++;
    this.#startedAt = Date.now();
    const spoolDir = this.#o.spoolDir ?? join(this.#o.dataDir, 'local-engine');
    const engineId = this.#o.engineId ?? LOCAL_ENGINE_ID;
    const child = fork(LOCAL_ENGINE_MAIN, ['--spool-dir', spoolDir], {
      execPath: process.execPath,
      // Not the console's flags (a test runner's, an inspector's): the engine is its own program.
      execArgv: ['--disable-warning=ExperimentalWarning'],
      env: { ...process.env, ...this.#o.env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.#child = child;
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => this.#o.log.warn(`local engine: ${line.slice(0, 2000)}`));
    }
    const session = new EngineSession({
      db: this.#o.db, engineId, log: this.#o.log,
      send: (m) => {
        if (!child.connected) return false;
        child.send(m);
        return true;
      },
      onReady: (link) => this.#o.links.add(link),
      onIncompatible: () => child.kill('SIGTERM'),
    });
    this.#session = session;
    child.on('message', (m) => session.receive(m));
    child.on('error', (e) => this.#o.log.error(`local engine: ${e.message}`));
    child.once('exit', (code, signal) => {
      session.close();
      this.#o.links.remove(session.link);
      if (this.#child === child) this.#child = undefined;
      const why = signal ? `killed by ${signal}` : `exited with code ${code ?? '?'}`;
      setEngineStatus(this.#o.db, engineId, 'not-responding', `local engine ${why}${this.#stopped ? ' (console stopping)' : '; restarting'}`)
        .catch((e: unknown) => this.#o.log.warn(`local engine status: ${toFarsightError(e).message}`));
      if (this.#stopped) return;
      // Back off exponentially while it keeps dying; a minute of good health resets the delay.
      if (Date.now() - this.#startedAt > 60_000) this.#delay = this.#o.backoffMs?.[0] ?? 500;
      this.#o.log.warn(`local engine ${why}; restarting in ${this.#delay} ms`);
      this.#timer = setTimeout(() => this.#spawn(), this.#delay);
      this.#timer.unref();
      this.#delay = Math.min(this.#delay * 2, this.#o.backoffMs?.[1] ?? 30_000);
    });
  }

  /** Stops the engine for good (SIGTERM, then SIGKILL after 5 s). */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(t);
    await this.#session?.drained();
  }
}
