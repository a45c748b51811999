/**
 * Runs the selected active checks on one host after service detection: each applicable
 * (service, check) pair with a concurrency bound, its own deadline (AbortSignal), byte cap
 * and a scope check before every connect. A check that throws, hangs or sees garbage costs
 * at most its deadline and yields no finding; it never fails the host.
 */
import { Deadline } from '../service/conn.ts';
import { Semaphore } from '../scan/pool.ts';
import type { HostResult, ServiceResult } from '../types.ts';
import { createTransport } from './transport.ts';
import type { ActiveCheck, Finding } from './types.ts';

/** Options of runChecks. */
export interface CheckRunOptions {
  /** The checks to consider (already selected: see selectChecks). */
  checks: readonly ActiveCheck[];
  /** Called before every connect or datagram; nothing is sent when it throws. */
  assertInScope: (address: string) => void;
  /** Deadline of one check on one service (default 10 000 ms). */
  timeoutMs?: number;
  /** Checks in flight on this host (default 4). */
  concurrency?: number;
  /** Shared across hosts to bound sockets scan-wide (optional). */
  slots?: Semaphore;
  /** Per-read byte cap (default 64 KiB). */
  maxBytes?: number;
  /** Connect timeout and idle read timeout (default 3000 ms each: patient on a loaded machine, bounded by the deadline). */
  connectTimeoutMs?: number;
  readTimeoutMs?: number;
  signal?: AbortSignal;
}

/** Why one check produced nothing (kept for tests and debugging, never fatal). */
export interface CheckError {
  check: string;
  port: number;
  protocol: string;
  message: string;
}

/** Findings and per-check errors of one host. */
export interface CheckRunResult {
  findings: Finding[];
  errors: CheckError[];
}

/** Runs every applicable check on every open service of `host`. Never rejects. */
export async function runChecks(host: HostResult, o: CheckRunOptions): Promise<CheckRunResult> {
  const pairs: [ServiceResult, ActiveCheck][] = [];
  for (const s of host.services) {
    if (s.state !== 'open') continue;
    for (const c of o.checks) {
      let applies = false;
      try { applies = c.appliesTo(s, host); } catch { applies = false; }
      if (applies) pairs.push([s, c]);
    }
  }
  const local = new Semaphore(o.concurrency ?? 4);
  const findings: Finding[] = [];
  const errors: CheckError[] = [];
  await Promise.all(pairs.map(([s, c]) => local.use(() => (o.slots ? o.slots.use(() => runOne(host, s, c, o)) : runOne(host, s, c, o)))
    .then((r) => { if (Array.isArray(r)) findings.push(...r); else errors.push(r); })));
  return { findings: dedupe(findings), errors };
}

async function runOne(host: HostResult, service: ServiceResult, check: ActiveCheck, o: CheckRunOptions): Promise<Finding[] | CheckError> {
  const fail = (message: string): CheckError => ({ check: check.meta.id, port: service.port, protocol: service.protocol, message: message.slice(0, 300) });
  if (o.signal?.aborted) return fail('scan aborted');
  const timeoutMs = o.timeoutMs ?? 10_000;
  const controller = new AbortController();
  const onOuterAbort = (): void => controller.abort();
  o.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const deadline = new Deadline(timeoutMs);
  const net = createTransport({
    address: host.address, port: service.port, tls: service.tunnel === 'ssl', hostName: host.hostnames[0] ?? host.address,
    assertInScope: o.assertInScope, maxBytes: o.maxBytes ?? 64 * 1024, connectTimeoutMs: o.connectTimeoutMs ?? 3000,
    readTimeoutMs: o.readTimeoutMs ?? 3000, deadline, signal: controller.signal,
  });
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => { controller.abort(); resolve('timeout'); }, timeoutMs);
  });
  try {
    const evidence = await Promise.race([check.run({ host, service, address: host.address, signal: controller.signal, timeoutMs, net }), expired]);
    if (evidence === 'timeout') return fail(`deadline of ${timeoutMs} ms reached`);
    return check.evaluate(evidence, service, host);
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', onOuterAbort);
    controller.abort();
    net.closeAll();
  }
}

/** One finding per (id, port, protocol, instance), ordered by port then id. */
export function dedupe(findings: Finding[]): Finding[] {
  const seen = new Map<string, Finding>();
  for (const f of findings) {
    const k = `${f.id}|${f.port ?? ''}|${f.protocol ?? ''}|${f.instance ?? ''}`;
    if (!seen.has(k)) seen.set(k, f);
  }
  return [...seen.values()].sort((a, b) => (a.protocol ?? '').localeCompare(b.protocol ?? '') || (a.port ?? 0) - (b.port ?? 0)
    || a.id.localeCompare(b.id) || (a.instance ?? '').localeCompare(b.instance ?? ''));
}
