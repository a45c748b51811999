/**
 * Distributed engines (issue 4): one console (a child process, as users run it) with N simulated
 * engine connections — each paired through the real /pair endpoint and connected over mutual TLS
 * 1.3 — heartbeating every 5 s: console CPU % and RSS over a quiet window once all are Active.
 * Then end-to-end result throughput from one engine: the console dispatches a scan to it, the
 * engine streams synthetic results (hosts with services and findings) within the flow-control
 * window, and the clock stops when the scan is finished in the console (ingested, acknowledged,
 * integrated). Goals: 1,000 engines under one core; ≥ 20,000 findings/s end to end.
 *
 *   node bench/engines-heartbeat.ts [engines=1000] [findings=100000] [windowSeconds=30]
 *
 * Loopback only: console API and engine listener on 127.8.20.1.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { spawn } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { WebSocket } from 'ws';
import { createMessage, createTrustMessage, PROTOCOL_VERSION } from '@farsight/engine-protocol';
import { syntheticHost } from './lib-console.ts';
import { ROOT, saveResult } from './lib.ts';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const N = Number(process.argv[2] ?? 1000);
const FINDINGS = Number(process.argv[3] ?? 100_000);
const WINDOW_S = Number(process.argv[4] ?? 30);
const HOST = '127.8.20.1';
const PASSWORD = 'bench-password-123456';
const HEARTBEAT_MS = 5000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, HOST, r));
  const p = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return p;
}

function api(port: number, ca: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request({ host: HOST, port, method, path, ca, servername: 'localhost', timeout: 60_000,
      headers: { authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`, ...(payload ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      let t = '';
      res.on('data', (d: Buffer) => { t += d.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: t ? JSON.parse(t) : undefined }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

function cpuTicks(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Number(f[11]) + Number(f[12]); // utime + stime (fields 14, 15)
}
function rssMb(pid: number, key = 'VmRSS'): number {
  const m = new RegExp(`${key}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Math.round(Number(m?.[1] ?? 0) / 1024);
}

interface Paired { engineId: number; key: string; cert: string; ca: string }

async function pair(enginePort: number, secret: string, i: number): Promise<Paired> {
  const keys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']) as webcrypto.CryptoKeyPair;
  const csr = (await x509.Pkcs10CertificateRequestGenerator.create({ name: `CN=bench-${i}`, keys, signingAlgorithm: ALG })).toString('pem');
  const key = `${x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY')}\n`;
  const ws = new WebSocket(`wss://${HOST}:${enginePort}/pair`, { rejectUnauthorized: false, minVersion: 'TLSv1.3' });
  await new Promise((r, j) => { ws.once('open', r); ws.once('error', j); });
  const reply = new Promise<any>((r) => ws.once('message', (d) => r(JSON.parse(String(d))))); // eslint-disable-line @typescript-eslint/no-explicit-any
  ws.send(JSON.stringify(createTrustMessage('pair.request', { secret, csr, engineName: `bench-${i}`, engineVersion: '0.1.0' })));
  const m = await reply;
  ws.close();
  if (m.result !== 'ok') throw new Error(`pairing ${i}: ${m.message}`);
  return { engineId: m.engineId, key, cert: m.certificate, ca: m.caCertificate };
}

/** A simulated engine: hello, heartbeats; optionally serves a scan with synthetic results. */
class SimEngine {
  ws: WebSocket | undefined;
  window = 16;
  onScanStart: ((m: any) => void) | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
  onAck: ((upTo: number) => void) | undefined;
  #timer: NodeJS.Timeout | undefined;
  readonly p: Paired;
  readonly port: number;
  constructor(p: Paired, port: number) { this.p = p; this.port = port; }
  connect(): Promise<void> {
    const ws = new WebSocket(`wss://${HOST}:${this.port}/engine`, { key: this.p.key, cert: this.p.cert, ca: this.p.ca, checkServerIdentity: (() => undefined) as unknown as () => boolean, minVersion: 'TLSv1.3', perMessageDeflate: false });
    this.ws = ws;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { ws.terminate(); reject(new Error(`engine ${this.p.engineId}: no hello-ack within 120 s`)); }, 120_000);
      ws.once('error', (e) => { clearTimeout(timer); reject(e); });
      ws.once('close', () => { clearTimeout(timer); reject(new Error(`engine ${this.p.engineId}: connection closed before hello-ack`)); });
      ws.on('message', (d) => {
        const m = JSON.parse(String(d));
        if (m.type === 'hello-ack') {
          this.window = m.window;
          const beat = (): void => { ws.send(JSON.stringify(createMessage('heartbeat', { engineVersion: '0.1.0', contentVersion: '0.1.0', runningScans: [], queueDepth: 0, clock: new Date().toISOString() }))); };
          clearTimeout(timer);
          beat();
          setTimeout(() => { this.#timer = setInterval(beat, HEARTBEAT_MS); }, Math.random() * HEARTBEAT_MS);
          resolve();
        } else if (m.type === 'scan.start') this.onScanStart?.(m);
        else if (m.type === 'results.ack') this.onAck?.(m.upTo);
      });
      ws.once('open', () => ws.send(JSON.stringify(createMessage('hello', { protocolVersion: PROTOCOL_VERSION, engineName: `bench-${this.p.engineId}`, engineVersion: '0.1.0', contentVersion: '0.1.0' }))));
    });
  }
  close(): void { if (this.#timer) clearInterval(this.#timer); this.ws?.terminate(); }
}

async function pool<T>(n: number, width: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => { while (next < n) { const i = next++; out[i] = await fn(i); } }));
  return out;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'farsight-bench-engines-'));
  const enginePort = await freePort();
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', `${ROOT}apps/cli/src/main.ts`, 'console', '--host', HOST, '--port', '0', '--data-dir', dir, '--log-level', 'warn'], {
    env: { ...process.env, FARSIGHT_ADMIN_PASSWORD: PASSWORD, FARSIGHT_LOCAL_ENGINE: '0', FARSIGHT_ENGINE_LISTEN_PORT: String(enginePort), FARSIGHT_ENGINE_LISTEN_HOST: HOST, FARSIGHT_ENGINE_HEARTBEAT_MS: String(HEARTBEAT_MS),
      // N simulated engines pair from one address, 16 at a time: lift the /pair abuse bound (docs/engines.md "Rate limits on /pair").
      FARSIGHT_ENGINE_PAIR_PER_MINUTE: String(Math.max(10, N * 2)), FARSIGHT_ENGINE_PAIR_CONCURRENT: '64' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const sims: SimEngine[] = [];
  try {
    const apiPort = await new Promise<number>((resolve, reject) => {
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (l) => { const m = /listening on https:\/\/[^:]+:(\d+)/.exec(l); if (m) resolve(Number(m[1])); });
      child.once('exit', () => reject(new Error('console exited')));
    });
    const ca = readFileSync(join(dir, 'tls', 'ca.pem'), 'utf8');
    const s = await api(apiPort, ca, 'POST', '/api/farsight/scan_engines/shared_secret', { maxUses: N });
    const t0 = performance.now();
    const paired = await pool(N, 16, (i) => pair(enginePort, s.body.secret, i));
    const pairS = (performance.now() - t0) / 1000;
    console.log(`paired ${N} engines in ${pairS.toFixed(1)} s (${Math.round(N / pairS)}/s)`);
    const t1 = performance.now();
    let retries = 0;
    await pool(N, 32, async (i) => {
      for (let attempt = 1; ; attempt++) {
        const e = new SimEngine(paired[i] as Paired, enginePort);
        try { await e.connect(); sims.push(e); return; } catch (err) {
          e.close();
          retries++;
          if (attempt >= 3) throw err;
        }
      }
    });
    if (retries > 0) console.log(`(${retries} connection attempt(s) retried)`);
    console.log(`connected ${N} engines in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    for (let k = 0; k < 120; k++) {
      const st = await api(apiPort, ca, 'GET', '/api/farsight/scan_engines/status');
      const active = (st.body.resources as Array<{ kind: string; state: string }>).filter((e) => e.kind === 'remote' && e.state === 'active').length;
      if (active === N) break;
      await sleep(1000);
    }
    await sleep(HEARTBEAT_MS * 2); // past the connection burst
    const c0 = cpuTicks(child.pid as number);
    const w0 = performance.now();
    await sleep(WINDOW_S * 1000);
    const cpuPct = ((cpuTicks(child.pid as number) - c0) / 100) / ((performance.now() - w0) / 1000) * 100;
    const st = await api(apiPort, ca, 'GET', '/api/farsight/scan_engines/status');
    const active = (st.body.resources as Array<{ kind: string; state: string }>).filter((e) => e.kind === 'remote' && e.state === 'active').length;
    const rss = rssMb(child.pid as number), hwm = rssMb(child.pid as number, 'VmHWM');
    console.log(`heartbeats: ${N} engines (${active} Active), every ${HEARTBEAT_MS / 1000} s: console CPU ${cpuPct.toFixed(1)} % of one core over ${WINDOW_S} s, RSS ${rss} MB (peak ${hwm} MB)`);

    // End-to-end throughput from one engine.
    const sim = sims[0] as SimEngine;
    const site = await api(apiPort, ca, 'POST', '/api/3/sites', { name: 'bench remote', engineId: sim.p.engineId, scan: { assets: { includedTargets: { addresses: ['127.8.21.1'] } } } });
    if (site.status !== 201) throw new Error(`site: ${JSON.stringify(site.body)}`);
    const perHost = 20, hostsPerBatch = 32;
    const hosts = Math.ceil(FINDINGS / perHost);
    const done = new Promise<{ ackS: number; scanId: number }>((resolve) => {
      sim.onScanStart = (m) => {
        const scanId = m.scanId as string;
        const frames: string[] = [];
        for (let first = 0, seq = 1; first < hosts; first += hostsPerBatch, seq++) {
          frames.push(JSON.stringify(createMessage('results.batch', { scanId, seq, hosts: Array.from({ length: Math.min(hostsPerBatch, hosts - first) }, (_, i) => syntheticHost(first + i + 1, 5, perHost)) })));
        }
        const ws = sim.ws as WebSocket;
        ws.send(JSON.stringify(createMessage('scan.accepted', { scanId, commandId: m.commandId, hostsTotal: hosts, hostsDone: 0, resumed: false })));
        const start = performance.now();
        let sent = 0, acked = 0;
        const pump = (): void => { while (sent < frames.length && sent - acked < sim.window) ws.send(frames[sent++] as string); };
        sim.onAck = (upTo) => {
          acked = Math.max(acked, upTo);
          if (acked >= frames.length) {
            const ackS = (performance.now() - start) / 1000;
            const now = new Date().toISOString();
            ws.send(JSON.stringify(createMessage('scan.finished', { scanId, lastSeq: frames.length, hostsTotal: hosts, hostsDone: hosts, hostsUp: hosts, startedAt: now, finishedAt: now })));
            resolve({ ackS, scanId: Number(scanId) });
          } else pump();
        };
        pump();
      };
    });
    const cpuScan0 = cpuTicks(child.pid as number);
    const tScan = performance.now();
    const started = await api(apiPort, ca, 'POST', `/api/3/sites/${site.body.id}/scans`, { name: 'throughput' });
    if (started.status !== 201) throw new Error(`scan: ${JSON.stringify(started.body)}`);
    const { ackS, scanId } = await done;
    let state = '';
    for (let k = 0; k < 1200 && state !== 'finished'; k++) { state = (await api(apiPort, ca, 'GET', `/api/3/scans/${scanId}`)).body.status; if (state !== 'finished') await sleep(100); }
    const totalS = (performance.now() - tScan) / 1000;
    const consoleCpuS = (cpuTicks(child.pid as number) - cpuScan0) / 100;
    const n = hosts * perHost;
    console.log(`throughput: ${n} findings (${hosts} hosts × ${perHost}, 5 services each) from one engine over mTLS: all acknowledged in ${ackS.toFixed(2)} s = ${Math.round(n / ackS)} findings/s; scan ${state} after ${totalS.toFixed(2)} s (dispatch → integrated) = ${Math.round(n / totalS)} findings/s; console CPU ${consoleCpuS.toFixed(2)} s = ${Math.round(n / consoleCpuS)} findings per console CPU-second (load ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]})`);
    saveResult('engines-heartbeat', { engines: N, active, cpuPct, rssMb: rss, peakRssMb: hwm, pairPerS: N / pairS, findings: n, ackSeconds: ackS, findingsPerSecAcked: n / ackS, endToEndSeconds: totalS, findingsPerSecEndToEnd: n / totalS, consoleCpuSeconds: consoleCpuS, findingsPerConsoleCpuSecond: n / consoleCpuS, loadavg: readFileSync('/proc/loadavg', 'utf8').trim() });
  } finally {
    for (const e of sims) e.close();
    child.kill('SIGTERM');
    await new Promise((r) => { const t = setTimeout(() => { child.kill('SIGKILL'); r(undefined); }, 15_000); child.once('exit', () => { clearTimeout(t); r(undefined); }); });
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
