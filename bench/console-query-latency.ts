/**
 * Console query latency (issue 3): with 100,000 assets and 1,000,000 findings loaded, p50/p95/p99
 * of `GET /api/3/assets?page=N&size=100` (random pages; also sorted by hostName, ip and os) and of
 * `GET /api/3/assets/{id}/vulnerabilities` (random assets), over real HTTPS with a keep-alive
 * agent and an API key (Basic would add scrypt to every request). Goal: p95 < 100 ms.
 * The fixture is bulk-inserted through the console's database layer (it is not what is measured).
 *
 *   node bench/console-query-latency.ts [assets=100000] [findingsPerAsset=10] [requests=500]
 *   FARSIGHT_BENCH_DB=sqlite|postgres|both (default both)
 */
import { Agent, request } from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startConsole } from '../apps/console/src/console-main.ts';
import { benchDbKinds, freshDb, loadFixture, stopBenchPostgres, type BenchDbKind } from './lib-console.ts';

process.env.FARSIGHT_LOCAL_ENGINE = '0';
const ASSETS = Number(process.argv[2] ?? 100_000);
const PER_ASSET = Number(process.argv[3] ?? 10);
const REQUESTS = Number(process.argv[4] ?? 500);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

async function measure(label: string, agent: Agent, port: number, headers: Record<string, string>, path: () => string): Promise<string> {
  const get = (p: string): Promise<number> => new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: p, agent, headers, servername: 'localhost' }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(res.statusCode) : reject(new Error(`${p}: HTTP ${res.statusCode}`))));
    });
    req.setTimeout(60_000, () => req.destroy(new Error(`${p}: timeout`)));
    req.on('error', reject);
    req.end();
  });
  for (let i = 0; i < 20; i++) await get(path()); // warm-up
  const ms: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now();
    await get(path());
    ms.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  ms.sort((a, b) => a - b);
  // CPU of this process per request (client + console + SQLite; not the PostgreSQL server): what
  // a request costs when it does not wait for a core on a shared machine.
  const cpuMs = (cpu.user + cpu.system) / 1000 / REQUESTS;
  return `${label.padEnd(44)} p50 ${percentile(ms, 0.5).toFixed(1).padStart(7)} ms  p95 ${percentile(ms, 0.95).toFixed(1).padStart(7)} ms  p99 ${percentile(ms, 0.99).toFixed(1).padStart(7)} ms  `
    + `${cpuMs.toFixed(1)} CPU-ms/request  load ${loadavg()[0]?.toFixed(1)}`;
}

async function run(kind: BenchDbKind): Promise<void> {
  // The console opens its own database; for PostgreSQL a fresh database of the bench cluster.
  const pgUrl = kind === 'postgres' ? (await freshDb('postgres')) : null;
  if (pgUrl) await pgUrl.db.destroy();
  const dataDir = mkdtempSync(join(tmpdir(), 'farsight-bench-latency-'));
  const c = await startConsole({ dataDir, host: '127.0.0.1', port: 0, databaseUrl: pgUrl?.databaseUrl, adminPassword: 'bench-admin-password', logLevel: 'silent' }, { print: () => undefined });
  const agent = new Agent({ keepAlive: true, maxSockets: 1, ca: c.tls.caCert });
  try {
    const t0 = performance.now();
    await loadFixture(c.db, ASSETS, PER_ASSET);
    console.log(`${kind}: loaded ${ASSETS} assets, ${ASSETS * PER_ASSET} findings in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const key = await new Promise<string>((resolve, reject) => {
      const body = JSON.stringify({ name: 'bench' });
      const req = request({ host: '127.0.0.1', port: c.port, path: '/api/farsight/api_keys', method: 'POST', agent, servername: 'localhost', headers: {
        'content-type': 'application/json', authorization: `Basic ${Buffer.from('admin:bench-admin-password').toString('base64')}`,
      } }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => { text += d.toString(); });
        res.on('end', () => { try { resolve((JSON.parse(text) as { key: string }).key); } catch (e) { reject(new Error(`api key: ${text}`, { cause: e })); } });
      });
      req.on('error', reject);
      req.end(body);
    });
    const headers = { 'x-api-key': key };
    const pages = Math.ceil(ASSETS / 100);
    const rnd = (n: number): number => Math.floor(Math.random() * n);
    console.log(await measure(`${kind} GET /api/3/assets?page=N&size=100`, agent, c.port, headers, () => `/api/3/assets?page=${rnd(pages)}&size=100`));
    for (const sort of ['hostName,DESC', 'hostName,ASC', 'ip,DESC', 'os,ASC']) {
      console.log(await measure(`${kind} … &sort=${sort}`, agent, c.port, headers, () => `/api/3/assets?page=${rnd(pages)}&size=100&sort=${sort}`));
    }
    console.log(await measure(`${kind} GET /api/3/assets/{id}/vulnerabilities`, agent, c.port, headers, () => `/api/3/assets/${1 + rnd(ASSETS)}/vulnerabilities`));
    // Each bench check affects every asset: one page of ids, then v3's whole list (ASSETS ids).
    console.log(await measure(`${kind} GET /api/3/vulnerabilities/{id}/assets?page=N&size=100`, agent, c.port, headers, () => `/api/3/vulnerabilities/bench-check-${rnd(PER_ASSET)}/assets?page=${rnd(pages)}&size=100`));
    console.log(await measure(`${kind} GET /api/3/vulnerabilities/{id}/assets (all ids)`, agent, c.port, headers, () => `/api/3/vulnerabilities/bench-check-${rnd(PER_ASSET)}/assets`));
  } finally {
    agent.destroy();
    await c.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

try {
  for (const kind of benchDbKinds()) await run(kind);
} finally {
  await stopBenchPostgres();
}
