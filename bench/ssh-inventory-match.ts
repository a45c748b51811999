// Advisory matching alone (no SSH): the emulated Ubuntu fleet of bench/ssh-inventory.ts is
// collected through a canned command runner (untimed), then `matchInventory` runs for every
// host against the built-in advisories plus a synthetic feed. Prints CPU ms per host for the
// indexed matcher (feed preparation included, and the first host on its own), for the naive
// matcher (every advisory against every host, the test oracle) on a few hosts, and checks the
// two agree on those hosts. CPU time is this process's `process.cpuUsage()`.
//
// Usage: node bench/ssh-inventory-match.ts [hosts=200] [extra synthetic advisories=20000] [vary=0] [naive hosts=5]
import assert from 'node:assert/strict';
import { loadavg } from 'node:os';
import { builtinAdvisories, hostEcosystem } from '@farsight/content/osv/index';
import type { OsEcosystem } from '@farsight/content/osv/index';
import { collectInventory } from '@farsight/scanner/auth/collect';
import { matchInventory } from '@farsight/scanner/auth/match';
import { naiveMatchInventory } from '@farsight/scanner/auth/match-naive.test-helper';
import type { HostInventory } from '@farsight/scanner/auth/types';
import { bigUbuntu, syntheticAdvisories } from './ssh-inventory-fleet.ts';

const hostsN = Math.max(1, Number(process.argv[2] ?? 200));
const extra = Math.max(0, Number(process.argv[3] ?? 20_000));
const vary = Math.min(1, Math.max(0, Number(process.argv[4] ?? 0) || 0));
const naiveN = Math.min(hostsN, Math.max(0, Number(process.argv[5] ?? 5)));

function cpuMs(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

const fleet: { inv: HostInventory; eco: OsEcosystem | undefined }[] = [];
for (let i = 0; i < hostsN; i++) {
  const commands = bigUbuntu(i, vary);
  const inv = await collectInventory((c) => {
    const r = commands[c.command];
    return Promise.resolve({ stdout: r?.stdout ?? '', stderr: r ? r.stderr ?? '' : 'not found', code: r ? r.code ?? 0 : 127, timedOut: false, truncated: false });
  });
  fleet.push({ inv, eco: inv.os ? hostEcosystem(inv.os) : undefined });
}
const advisories = [...await builtinAdvisories(), ...syntheticAdvisories(extra)];
const load = loadavg()[0] ?? 0;

let findings = 0;
let invulnerable = 0;
const t0 = process.cpuUsage();
let firstMs = 0;
for (const [i, { inv, eco }] of fleet.entries()) {
  const r = matchInventory(inv, eco, advisories);
  if (i === 0) firstMs = cpuMs(t0);
  findings += r.findings.length;
  invulnerable += r.invulnerable.length;
}
const indexedMs = cpuMs(t0);

let naiveMs = 0;
for (const { inv, eco } of fleet.slice(0, naiveN)) {
  const t = process.cpuUsage();
  const want = naiveMatchInventory(inv, eco, advisories);
  naiveMs += cpuMs(t);
  assert.deepEqual(matchInventory(inv, eco, advisories), want, 'the indexed matcher disagrees with the naive one');
}

console.log(JSON.stringify({
  hosts: hostsN, advisories: advisories.length, vary, packagesPerHost: Math.round(fleet.reduce((n, h) => n + h.inv.packages.length, 0) / hostsN),
  findingsPerHost: Math.round(findings / hostsN), invulnerablePerHost: Math.round(invulnerable / hostsN),
  indexedCpuMsPerHost: +(indexedMs / hostsN).toFixed(3), firstHostCpuMs: +firstMs.toFixed(1),
  ...(naiveN > 0 ? { naiveCpuMsPerHost: +(naiveMs / naiveN).toFixed(2), naiveHosts: naiveN, agree: true } : {}),
  loadAvg1m: +load.toFixed(2),
}, null, 2));
