// The indexed matcher (feed index by distro and package, verdicts cached across hosts) returns
// exactly what the naive matcher returns — same findings and invulnerable verdicts, same order —
// on random inventories × random feeds, several hosts per feed so cached verdicts are reused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { hostEcosystem } from '@farsight/content/osv/index';
import type { OsEcosystem, OsvAdvisory } from '@farsight/content/osv/index';
import { BoundedLru } from './lru.ts';
import { matchInventory } from './match.ts';
import { feedOf } from './match-feed.ts';
import { stableOrder } from './stable-order.ts';
import { naiveMatchInventory } from './match-naive.test-helper.ts';
import type { HostInventory, InstalledPackage, PackageManager } from './types.ts';

const VERSIONS: Record<PackageManager, string[]> = {
  dpkg: ['1.0-1', '1.0-2', '1:0.9-1', '2.0~rc1-1', '2.0-1', '0.5', '1.0-1+deb12u1', '6.1.76-1'],
  rpm: ['1.0-1.el9', '1.0-2.el9', '2:1.0-1', '1.0~rc1-1', '1.0^post-1', '0.9-1'],
  apk: ['1.0-r0', '1.0-r1', '1.0_alpha1-r0', '1.1-r0', '0.9_p1-r2', '6.6.14-r0'],
};
/** Versions some orders reject (the verdict is then "cannot judge"). */
const INVALID = ['bad version', 'x', ''];
const ALL_VERSIONS = [...new Set(Object.values(VERSIONS).flat()), ...INVALID, '0'];
const NAMES = ['openssl', 'libssl3', 'libssl3:amd64', 'curl', 'libcurl4', 'linux', 'linux-image-6.1.0-1-amd64', 'linux-signed-amd64',
  'kernel', 'kernel-core', 'linux-lts', 'musl', 'foo'];
const CVES = ['CVE-2099-0001', 'CVE-2099-0002', 'CVE-2099-0003'];
const ECOSYSTEMS = ['Debian:12', 'Debian:11', 'Debian', 'Ubuntu:22.04:LTS', 'Ubuntu:Pro:22.04:LTS', 'Ubuntu:20.04:LTS', 'Rocky Linux:9',
  'Rocky Linux:8', 'AlmaLinux:9', 'Alpine:v3.19', 'Alpine:v3.18', 'npm'];
const HOSTS: Record<PackageManager, OsEcosystem[]> = {
  dpkg: [hostEcosystem({ id: 'debian', versionId: '12' }), hostEcosystem({ id: 'ubuntu', versionId: '22.04' }), hostEcosystem({ id: 'debian' })].filter((h) => h !== undefined),
  rpm: [hostEcosystem({ id: 'rocky', versionId: '9.3' }), hostEcosystem({ id: 'almalinux', versionId: '9.1' })].filter((h) => h !== undefined),
  apk: [hostEcosystem({ id: 'alpine', versionId: '3.19.1' })].filter((h) => h !== undefined),
};
const KERNELS: Record<PackageManager, string[]> = { dpkg: ['6.1.0-1-amd64', '6.1.0-2-amd64'], rpm: ['1.0-1.el9.x86_64', '0.9-1.x86_64'], apk: ['6.6.14-0-lts', '1.0-0-lts'] };

/** Ecosystems that cover hosts of each manager (most advisories), the rest cover none or other releases. */
const COVERING: Record<PackageManager, string[]> = {
  dpkg: ['Debian:12', 'Debian', 'Ubuntu:22.04:LTS', 'Ubuntu:Pro:22.04:LTS'], rpm: ['Rocky Linux:9', 'AlmaLinux:9'], apk: ['Alpine:v3.19'],
};

/** A random feed biased towards the hosts' manager (so most runs match something). */
function feedFor(manager: PackageManager): fc.Arbitrary<OsvAdvisory[]> {
  const version = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...VERSIONS[manager]) }, { weight: 1, arbitrary: fc.constantFrom(...ALL_VERSIONS) });
  const event = fc.oneof(
    version.map((v) => ({ introduced: v })), version.map((v) => ({ fixed: v })),
    version.map((v) => ({ last_affected: v })), version.map((v) => ({ limit: v })),
  );
  const events = fc.oneof({ weight: 3, arbitrary: version.map((v) => [{ introduced: '0' }, { fixed: v }]) }, { weight: 2, arbitrary: fc.array(event, { minLength: 1, maxLength: 4 }) });
  const affected = fc.record({
    package: fc.record({
      ecosystem: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...COVERING[manager]) }, { weight: 1, arbitrary: fc.constantFrom(...ECOSYSTEMS) }),
      name: fc.constantFrom(...NAMES),
    }),
    ranges: fc.option(fc.array(fc.record({ type: fc.constantFrom('ECOSYSTEM' as const, 'ECOSYSTEM' as const, 'SEMVER' as const), events }), { minLength: 1, maxLength: 2 }), { nil: undefined, freq: 8 }),
    versions: fc.option(fc.array(version, { maxLength: 2 }), { nil: undefined }),
  }, { requiredKeys: ['package'] });
  const advisory = fc.record({
    id: fc.constantFrom('CVE-2099-0001', 'CVE-2099-0002', 'DSA-1-1', 'DSA-2-1', 'USN-3-1', 'ALSA-4'),
    modified: fc.constant('2026-01-01T00:00:00Z'),
    aliases: fc.option(fc.subarray(CVES), { nil: undefined }),
    summary: fc.option(fc.constantFrom('a flaw', 'x'.repeat(250)), { nil: undefined }),
    severity: fc.option(fc.constantFrom([{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }], [{ type: 'CVSS_V3', score: 'CVSS:3.1/garbage' }]), { nil: undefined }),
    withdrawn: fc.option(fc.constant('2026-02-01T00:00:00Z'), { nil: undefined, freq: 8 }),
    affected: fc.option(fc.array(affected, { maxLength: 4 }), { nil: undefined, freq: 10 }),
  }, { requiredKeys: ['id', 'modified'] }) as fc.Arbitrary<OsvAdvisory>;
  return fc.array(advisory, { maxLength: 25 });
}

function inventory(manager: PackageManager): fc.Arbitrary<{ inv: HostInventory; host: OsEcosystem }> {
  const v = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...VERSIONS[manager]) }, { weight: 1, arbitrary: fc.constantFrom(...INVALID) });
  const pkg = fc.record({
    name: fc.constantFrom(...NAMES), version: v, source: fc.option(fc.constantFrom(...NAMES), { nil: undefined }),
    sourceVersion: fc.option(v, { nil: undefined }), arch: fc.option(fc.constantFrom('x86_64', 'amd64'), { nil: undefined }),
  }, { requiredKeys: ['name', 'version'] }) as fc.Arbitrary<InstalledPackage>;
  const changelog = fc.dictionary(fc.constantFrom(...NAMES.map((n) => n.replace(/:.*/, ''))), fc.array(fc.record({ source: fc.constantFrom(...NAMES), version: v, cves: fc.subarray(CVES) }), { minLength: 1, maxLength: 2 }), { minKeys: 2, maxKeys: 6 });
  return fc.record({
    packages: fc.array(pkg, { maxLength: 12 }),
    kernel: fc.option(fc.constantFrom(...KERNELS[manager]), { nil: undefined }),
    changelog: fc.option(changelog, { nil: undefined, freq: 5 }),
    host: fc.constantFrom(...HOSTS[manager]),
  }).map(({ packages, kernel, changelog: cl, host }) => ({
    host,
    inv: { packageManager: manager, packages, sockets: [], notes: {}, ...(kernel ? { kernel: { release: kernel } } : {}), ...(cl && manager === 'dpkg' ? { changelogCves: cl } : {}) },
  }));
}

const scenario = fc.constantFrom<PackageManager>('dpkg', 'rpm', 'apk').chain((m) => fc.tuple(feedFor(m), fc.array(inventory(m), { minLength: 1, maxLength: 5 })));

test('indexed matcher = naive matcher on random inventories × random feeds (several hosts per feed)', (t) => {
  let findings = 0;
  let invulnerable = 0;
  let potential = 0;
  let kernels = 0;
  fc.assert(fc.property(scenario, ([advisories, fleet]) => {
    // Each host twice: the second pass is served from the feed's verdict cache; every other
    // feed gets a tiny cache (3 keys, 6 judged entries) so evictions happen mid-fleet.
    if (advisories.length % 2 === 1) feedOf(advisories, { keys: 3, entries: 6 });
    for (const { inv, host } of [...fleet, ...fleet]) {
      const want = naiveMatchInventory(inv, host, advisories);
      assert.deepEqual(matchInventory(inv, host, advisories), want);
      findings += want.findings.length;
      invulnerable += want.invulnerable.length;
      potential += want.findings.filter((f) => f.verdict === 'potential').length;
      kernels += want.findings.filter((f) => f.proof.startsWith('running kernel')).length;
    }
  }), { seed: 23, numRuns: 1000 });
  // The generators reach every outcome often (a property that never matches proves nothing).
  const reached = `findings ${findings}, invulnerable ${invulnerable}, potential ${potential}, kernel ${kernels}`;
  assert.ok(findings > 500 && invulnerable > 300 && potential > 20 && kernels > 20, reached);
  t.diagnostic(reached);
});

test('table: one advisory naming a source and a binary judges each installed package once; same CVE twice reports once', () => {
  const adv = (id: string, names: string[], fixed: string, aliases: string[] = []): OsvAdvisory => ({
    id, modified: '2026-01-01T00:00:00Z', aliases,
    affected: names.map((name) => ({ package: { ecosystem: 'Debian:12', name }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }] })),
  });
  const debian = HOSTS.dpkg[0] as OsEcosystem;
  const inv: HostInventory = { packageManager: 'dpkg', sockets: [], notes: {}, packages: [
    { name: 'libssl3', version: '1.0-1', source: 'openssl', sourceVersion: '1.0-1' },
    { name: 'openssl', version: '1.0-1', source: 'openssl', sourceVersion: '1.0-1' },
  ] };
  const cases: Array<[string, OsvAdvisory[], string[]]> = [
    ['source then binary: the binary is already judged', [adv('D1', ['openssl', 'libssl3'], '2.0-1')], ['D1 openssl']],
    ['binary only: the fallback name', [adv('D2', ['libssl3'], '2.0-1')], ['D2 libssl3']],
    ['two advisories for one CVE: one finding', [adv('DSA-9-1', ['openssl'], '2.0-1', ['CVE-2099-0009']), adv('CVE-2099-0009', ['openssl'], '2.0-1')], ['DSA-9-1 openssl']],
  ];
  for (const [what, advisories, want] of cases) {
    const got = matchInventory(inv, debian, advisories);
    assert.deepEqual(got.findings.map((f) => `${f.advisory} ${f.package}`), want, what);
    assert.deepEqual(got, naiveMatchInventory(inv, debian, advisories), what);
  }
});

test('BoundedLru keeps the most recently used entries', () => {
  const lru = new BoundedLru<string, number>(2);
  lru.set('a', 1);
  lru.set('b', 2);
  assert.equal(lru.get('a'), 1); // a is now the most recent
  lru.set('c', 3); // evicts b
  assert.deepEqual([lru.get('a'), lru.get('b'), lru.get('c'), lru.size], [1, undefined, 3, 2]);
  lru.set('a', 4);
  assert.deepEqual([lru.get('a'), lru.size], [4, 2]);
  assert.throws(() => new BoundedLru(0), /positive integer/);
  // By weight: 10 in all; an entry heavier than the limit still stays (alone) until the next set.
  const w = new BoundedLru<string, string>(100, 10);
  w.set('x', 'x', 4);
  w.set('y', 'y', 4);
  w.set('z', 'z', 4); // evicts x
  assert.deepEqual([w.get('x'), w.get('y'), w.get('z'), w.size, w.weight], [undefined, 'y', 'z', 2, 8]);
  w.set('y', 'Y', 1);
  assert.deepEqual([w.weight, w.get('y')], [5, 'Y']);
  w.set('big', 'big', 50);
  assert.deepEqual([w.size, w.weight, w.get('big')], [1, 50, 'big']);
});

test('stableOrder: sorted by key, ties in index order, on both paths (packed doubles and the comparator fallback)', () => {
  const cases: Array<[number[], number[]]> = [
    [[], []],
    [[5], [0]],
    [[3, 1, 2, 1], [1, 3, 2, 0]],
    [[2 ** 40, 7, 2 ** 40, 0], [3, 1, 0, 2]], // keys past 2^33: the fallback path
  ];
  for (const [keys, want] of cases) assert.deepEqual(Array.from(stableOrder(keys)), want, keys.join(','));
  const naive = (keys: number[]): number[] => keys.map((k, i) => [k, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, i]) => i);
  fc.assert(fc.property(fc.array(fc.oneof(fc.nat(50), fc.nat(), fc.constant(2 ** 35)), { maxLength: 300 }), (keys) => {
    assert.deepEqual(Array.from(stableOrder(keys)), naive(keys));
  }), { seed: 7, numRuns: 300 });
});
