// Runs every benchmark in turn (npm run bench). Each prints its ratio; see bench/README.md.
import { spawnSync } from 'node:child_process';

for (const script of ['ports-vs-nmap.ts', 'service-id-vs-nmap.ts', 'memory-16.ts']) {
  console.log(`\n== bench/${script}`);
  const r = spawnSync(process.execPath, [new URL(script, import.meta.url).pathname], { stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = 1;
}
