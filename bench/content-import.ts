// Content store throughput: import a synthetic NVD CVE JSON 2.0 feed the size of one NVD year
// (default 30,000 CVEs, ~1 in 10 naming a product the version checks know), import it again
// (idempotent: nothing changes), load the scan content, and install a content package fetched
// over loopback HTTP (127.10.200.1). Usage: node bench/content-import.ts [CVE count]
import { mkdtemp, rm, writeFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importFiles } from '../packages/content/src/import/import-files.ts';
import { loadActiveContent } from '../packages/content/src/store/load.ts';
import { updateContent } from '../packages/content/src/store/update.ts';
import { startPackageServer, testPackage } from '../packages/content/src/store/fixture-package.test-data.ts';

const count = Math.min(Number(process.argv[2] ?? 30_000), 300_000);
const products = ['openbsd:openssh', 'apache:http_server', 'f5:nginx', 'isc:bind', 'redis:redis'];

function cve(i: number): unknown {
  const known = i % 10 === 0;
  const product = known ? products[i % products.length] : `vendor${i % 977}:product${i % 331}`;
  return {
    cve: {
      id: `CVE-2098-${String(10000 + i)}`,
      published: '2098-01-01T00:00:00.000', lastModified: '2098-02-01T00:00:00.000', vulnStatus: 'Analyzed',
      descriptions: [{ lang: 'en', value: `Synthetic benchmark record ${i}: a buffer overflow in a request parser lets a remote attacker crash the service or run code. `.repeat(3) }],
      metrics: { cvssMetricV31: [{ source: 'nvd@nist.gov', type: 'Primary', cvssData: { version: '3.1', vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 9.8, baseSeverity: 'CRITICAL' } }] },
      weaknesses: [{ source: 'nvd@nist.gov', type: 'Primary', description: [{ lang: 'en', value: 'CWE-787' }] }],
      configurations: [{ nodes: [{ operator: 'OR', negate: false, cpeMatch: [
        { vulnerable: true, criteria: `cpe:2.3:a:${product}:*:*:*:*:*:*:*:*`, versionStartIncluding: '1.0', versionEndExcluding: `${2 + (i % 7)}.${i % 10}` },
        { vulnerable: false, criteria: 'cpe:2.3:o:linux:linux_kernel:-:*:*:*:*:*:*:*' },
      ] }] }],
      references: [{ url: `https://example.org/advisory/${i}`, source: 'nvd@nist.gov', tags: ['Vendor Advisory'] }],
    },
  };
}

let cpu0 = process.cpuUsage();
/** Wall time since t0 and this process's CPU time since the last call (the machine is shared: CPU time is steadier). */
const ms = (t0: number): string => {
  const cpu = process.cpuUsage(cpu0);
  cpu0 = process.cpuUsage();
  return `${(performance.now() - t0).toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU`;
};
const work = await mkdtemp(join(tmpdir(), 'farsight-bench-content-'));
try {
  const feed = join(work, 'nvdcve-2.0-2098.json');
  await writeFile(feed, JSON.stringify({ format: 'NVD_CVE', version: '2.0', timestamp: '2098-02-01T00:00:00.000', vulnerabilities: Array.from({ length: count }, (_, i) => cve(i)) }));
  const size = (await stat(feed)).size;
  const root = join(work, 'content');
  let t0 = performance.now();
  cpu0 = process.cpuUsage();
  const [first] = await importFiles(root, [feed]);
  console.log(`import ${count} CVEs (${(size / 1048576).toFixed(1)} MiB): ${ms(t0)}, added ${first?.merge?.added}`);
  t0 = performance.now();
  const [again] = await importFiles(root, [feed]);
  console.log(`re-import (idempotent): ${ms(t0)}, unchanged ${again?.merge?.unchanged}, added ${again?.merge?.added}`);
  t0 = performance.now();
  const content = await loadActiveContent({ contentDir: root });
  console.log(`loadActiveContent: ${ms(t0)}, ${content.vulns.definitions.length} definitions (${content.imported.nvdMatchable} from NVD), rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB`);
  const server = await startPackageServer('127.10.200.1');
  const pkg = testPackage('2098.1');
  server.files.set('/p.zip', pkg.zip);
  t0 = performance.now();
  cpu0 = process.cpuUsage();
  await updateContent(root, { url: server.url('/p.zip'), sha256: pkg.sha256 });
  console.log(`content update (${(pkg.zip.length / 1024).toFixed(0)} KiB package over loopback): ${ms(t0)}`);
  await server.close();
} finally {
  await rm(work, { recursive: true, force: true });
}
