/**
 * Console ingestion rate (issue 3): `ingestBatch` of N findings, in engine-shaped batches
 * (hosts with services, OS and findings), into a fresh SQLite file (WAL, synchronous=FULL) and
 * a fresh PostgreSQL database. Prints findings/s for a first scan (every finding new) and a
 * re-scan of the same hosts (every finding seen again). Goal: ≥ 50,000 findings/s on SQLite.
 *
 *   node bench/console-ingest.ts [findings=200000] [hostsPerBatch=32] [findingsPerHost=20]
 *   FARSIGHT_BENCH_DB=sqlite|postgres|both (default both)
 */
import { loadavg } from 'node:os';
import { ingestBatch } from '../apps/console/src/services/ingest.ts';
import { benchDbKinds, freshDb, runningScan, stopBenchPostgres, syntheticBatch, type BenchDbKind } from './lib-console.ts';

const total = Number(process.argv[2] ?? 200_000);
const hostsPerBatch = Number(process.argv[3] ?? 32);
const findingsPerHost = Number(process.argv[4] ?? 20);
const servicesPerHost = 5;

async function run(kind: BenchDbKind): Promise<void> {
  const b = await freshDb(kind);
  try {
    const hosts = Math.ceil(total / findingsPerHost);
    for (const pass of ['first scan', 're-scan']) {
      const { scanId } = await runningScan(b.db, `bench ${pass}`);
      // Batches are built (and validated) before the clock starts: only ingestion is timed.
      const batches = [];
      for (let first = 0, seq = 1; first < hosts; first += hostsPerBatch, seq++) {
        batches.push(syntheticBatch(scanId, seq, first, Math.min(hostsPerBatch, hosts - first), servicesPerHost, findingsPerHost));
      }
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      for (const batch of batches) await ingestBatch(b.db, 1, batch);
      const s = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const cpuS = (cpu.user + cpu.system) / 1e6;
      const n = hosts * findingsPerHost;
      // CPU seconds of this process: on a shared machine the wall clock includes waiting for a core;
      // for SQLite (in-process) n / cpu-s is the rate an idle core would give (fsync waits excluded).
      console.log(`${kind.padEnd(8)} ${pass.padEnd(10)} ${n} findings, ${hosts} hosts, ${batches.length} batches in ${s.toFixed(2)} s: ${Math.round(n / s)} findings/s (${Math.round(hosts / s)} hosts/s); `
        + `${cpuS.toFixed(2)} CPU-s in this process: ${Math.round(n / cpuS)} findings per CPU-s; load average ${loadavg()[0]?.toFixed(1)}`);
    }
  } finally {
    await b.close();
  }
}

try {
  console.log(`console ingest: ${total} findings, ${hostsPerBatch} hosts/batch, ${findingsPerHost} findings and ${servicesPerHost} services per host`);
  for (const kind of benchDbKinds()) await run(kind);
} finally {
  await stopBenchPostgres();
}
