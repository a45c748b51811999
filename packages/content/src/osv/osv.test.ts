import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compareDpkg, isFarsightError } from '@farsight/common';
import { advisoryCves, ecosystemCovers, evaluateAffected, hostEcosystem, parseEcosystem, parseOsv, parseOsvText } from './index.ts';
import type { OsvAffected } from './index.ts';

const base = {
  id: 'DSA-5724-1',
  modified: '2024-07-01T00:00:00Z',
  aliases: ['CVE-2024-6387'],
  affected: [{
    package: { ecosystem: 'Debian:12', name: 'openssh' },
    ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1:9.2p1-2+deb12u3' }] }],
  }],
};

test('parseOsv accepts a valid advisory and keeps unknown fields', () => {
  const adv = parseOsv({ ...base, schema_version: '1.6.0', database_specific: { x: 1 }, extra: true });
  assert.equal(adv.id, 'DSA-5724-1');
  assert.deepEqual(advisoryCves(adv), ['CVE-2024-6387']);
  assert.equal((adv as Record<string, unknown>).extra, true);
});

test('parseOsv errors name the advisory and the bad field', () => {
  const cases: [unknown, RegExp][] = [
    [{ ...base, id: undefined }, /field id:/],
    [{ ...base, modified: 'yesterday' }, /"DSA-5724-1": field modified:/],
    [{ ...base, affected: [{ package: { ecosystem: 'Debian:12' } }] }, /field affected\[0\]\.package\.name:/],
    [{ ...base, affected: [{ package: { ecosystem: 'Debian:12', name: 'x' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0', fixed: '1' }] }] }] }, /affected\[0\]\.ranges\[0\]\.events\[0\]/],
    [{ ...base, affected: [{ package: { ecosystem: 'Debian:12', name: 'x' }, ranges: [{ type: 'RANGE', events: [{ introduced: '0' }] }] }] }, /affected\[0\]\.ranges\[0\]\.type/],
    [{ ...base, affected: [{ package: { ecosystem: 'Debian:12', name: 'x' }, ranges: [{ type: 'ECOSYSTEM', events: [{ fixed: '1.0 beta' }] }] }] }, /affected\[0\]\.ranges\[0\]\.events\[0\]\.fixed: dpkg version/],
    [{ ...base, affected: [{ package: { ecosystem: 'Alpine:v3.19', name: 'x' }, versions: ['1.0-1'] }] }, /affected\[0\]\.versions\[0\]: apk version/],
    [[], /field \(top level\)/],
    ['text', /field \(top level\)/],
  ];
  for (const [input, re] of cases) {
    assert.throws(() => parseOsv(input, 'test.json'), (e: unknown) => isFarsightError(e, 'OSV_INVALID') && re.test(e.message) && e.message.startsWith('test.json'), JSON.stringify(input).slice(0, 120));
  }
  assert.throws(() => parseOsvText('{"id":', 'broken.json'), /broken\.json is not valid JSON/);
  assert.equal(parseOsvText(JSON.stringify([base, { ...base, id: 'DSA-2' }]), 'a.json').length, 2);
});

test('parseEcosystem: distro ecosystems and their version order', () => {
  const table: [string, string | undefined, string | undefined, string | undefined][] = [
    ['Debian:12', 'debian', '12', 'dpkg'],
    ['Debian', 'debian', undefined, 'dpkg'],
    ['Ubuntu:22.04:LTS', 'ubuntu', '22.04', 'dpkg'],
    ['Ubuntu:Pro:18.04:LTS', 'ubuntu', '18.04', 'dpkg'],
    ['Ubuntu:23.10', 'ubuntu', '23.10', 'dpkg'],
    ['Alpine:v3.19', 'alpine', '3.19', 'apk'],
    ['Rocky Linux:9', 'rocky', '9', 'rpm'],
    ['AlmaLinux:8', 'almalinux', '8', 'rpm'],
    ['Red Hat', 'redhat', undefined, 'rpm'],
    ['Red Hat:enterprise_linux:9::appstream', 'redhat', '9', 'rpm'],
    ['Red Hat:rhel_eus:9.2::baseos', 'redhat', '9', 'rpm'],
    ['npm', undefined, undefined, undefined],
    ['PyPI', undefined, undefined, undefined],
  ];
  for (const [raw, distro, release, scheme] of table) {
    const e = parseEcosystem(raw);
    assert.equal(e?.distro, distro, raw);
    assert.equal(e?.release, release, raw);
    assert.equal(e?.scheme, scheme, raw);
  }
});

test('hostEcosystem from os-release and ecosystemCovers', () => {
  const table: [string, string, string, string][] = [
    ['debian', '12', 'debian', '12'],
    ['ubuntu', '22.04', 'ubuntu', '22.04'],
    ['alpine', '3.19.1', 'alpine', '3.19'],
    ['rocky', '9.3', 'rocky', '9'],
    ['rhel', '9.4', 'redhat', '9'],
    ['almalinux', '8.10', 'almalinux', '8'],
  ];
  for (const [id, versionId, distro, release] of table) {
    const h = hostEcosystem({ id, versionId });
    assert.equal(h?.distro, distro, id);
    assert.equal(h?.release, release, id);
  }
  assert.equal(hostEcosystem({ id: 'gentoo' }), undefined);
  const host = hostEcosystem({ id: 'debian', versionId: '12' });
  assert.ok(host);
  assert.equal(ecosystemCovers(parseEcosystem('Debian:12')!, host), true);
  assert.equal(ecosystemCovers(parseEcosystem('Debian')!, host), true);
  assert.equal(ecosystemCovers(parseEcosystem('Debian:11')!, host), false);
  assert.equal(ecosystemCovers(parseEcosystem('Ubuntu:22.04:LTS')!, host), false);
});

const aff = (events: object[], versions?: string[]): OsvAffected => ({
  package: { ecosystem: 'Debian:12', name: 'p' },
  ranges: [{ type: 'ECOSYSTEM', events: events as OsvAffected['ranges'] extends (infer R)[] | undefined ? R extends { events: infer E } ? E : never : never }],
  ...(versions ? { versions } : {}),
});

test('evaluateAffected: ranges with introduced, fixed, last_affected, limit and versions', () => {
  const table: [OsvAffected, string, string, string | undefined][] = [
    [aff([{ introduced: '0' }, { fixed: '1:9.2p1-2+deb12u3' }]), '1:9.2p1-2+deb12u2', 'affected', '1:9.2p1-2+deb12u3'],
    [aff([{ introduced: '0' }, { fixed: '1:9.2p1-2+deb12u3' }]), '1:9.2p1-2+deb12u3', 'fixed', '1:9.2p1-2+deb12u3'],
    [aff([{ introduced: '0' }, { fixed: '1:9.2p1-2+deb12u3' }]), '1:9.2p1-2+deb12u10', 'fixed', '1:9.2p1-2+deb12u3'],
    [aff([{ introduced: '0' }, { fixed: '1:9.2p1-2+deb12u3' }]), '9.9', 'affected', '1:9.2p1-2+deb12u3'],
    [aff([{ introduced: '0' }, { fixed: '2.36-9+deb12u3' }]), '2.36-9+deb12u3~bpo1', 'affected', '2.36-9+deb12u3'],
    [aff([{ introduced: '1.2' }, { fixed: '1.5' }]), '1.1', 'unaffected', undefined],
    [aff([{ introduced: '1.2' }, { fixed: '1.5' }, { introduced: '2.0' }, { fixed: '2.3' }]), '1.7', 'fixed', '1.5'],
    [aff([{ introduced: '1.2' }, { fixed: '1.5' }, { introduced: '2.0' }, { fixed: '2.3' }]), '2.1', 'affected', '2.3'],
    [aff([{ introduced: '0' }]), '1.0-1', 'affected', undefined],
    [aff([{ introduced: '0' }, { last_affected: '1.4' }]), '1.4', 'affected', undefined],
    [aff([{ introduced: '0' }, { last_affected: '1.4' }]), '1.4.1', 'unaffected', undefined],
    [aff([{ introduced: '0' }, { limit: '3.0' }]), '3.0', 'unaffected', undefined],
    [aff([{ introduced: '5.0' }], ['1.0-1']), '1.0-1', 'affected', undefined],
    [aff([{ introduced: '5.0' }], ['1.0-1']), '1.0-2', 'unaffected', undefined],
  ];
  for (const [a, installed, status, fixed] of table) {
    const v = evaluateAffected(a, installed, 'dpkg');
    assert.equal(v.status, status, `${installed} ${JSON.stringify(a.ranges)}`);
    assert.equal('fixed' in v ? v.fixed : undefined, fixed, installed);
    assert.ok(v.reason.includes(installed), v.reason);
  }
  assert.equal(evaluateAffected({ ...aff([{ introduced: '0' }, { fixed: '3.1.4-r5' }]) }, '3.1.4-r3', 'apk').status, 'affected');
  assert.equal(evaluateAffected({ ...aff([{ introduced: '0' }, { fixed: '8.7p1-38.el9_4.1' }]) }, '8.7p1-38.el9_4.4', 'rpm').status, 'fixed');
  assert.throws(() => evaluateAffected(aff([{ introduced: '0' }]), 'not a version', 'dpkg'), (e: unknown) => isFarsightError(e, 'VERSION_INVALID'));
});

test('property: with introduced 0 and fixed F, a dpkg version is affected exactly when it sorts below F', () => {
  const part = fc.stringMatching(/^[0-9][0-9a-z.+~]{0,6}$/);
  const ver = fc.tuple(fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }), part, fc.option(fc.stringMatching(/^[0-9a-z.+~]{1,5}$/), { nil: undefined }))
    .map(([ep, up, rev]) => `${ep === undefined ? '' : `${ep}:`}${up}${rev === undefined ? '' : `-${rev}`}`)
    .filter((v) => !/-/.test(v.split(':').pop()!.split('-').slice(0, -1).join('-')));
  fc.assert(fc.property(ver, ver, (installed, fixed) => {
    const v = evaluateAffected(aff([{ introduced: '0' }, { fixed }]), installed, 'dpkg');
    assert.equal(v.status === 'affected', compareDpkg(installed, fixed) < 0);
    assert.equal(v.status === 'fixed', compareDpkg(installed, fixed) >= 0);
  }), { seed: 6, numRuns: 500 });
});

test('the built-in sample advisories parse and cover Debian 12, Ubuntu 22.04, Alpine 3.19 and Rocky 9', async () => {
  const { builtinAdvisories } = await import('./load.ts');
  const advs = await builtinAdvisories();
  const ecos = new Set(advs.flatMap((a) => (a.affected ?? []).map((x) => x.package.ecosystem)));
  assert.deepEqual([...ecos].sort(), ['Alpine:v3.19', 'Debian:12', 'Rocky Linux:9', 'Ubuntu:22.04:LTS']);
  assert.ok(advs.length >= 12);
  for (const a of advs) assert.ok(advisoryCves(a).length > 0, a.id);
});

test('property: parseOsv on hostile JSON either returns an advisory or throws OSV_INVALID', () => {
  const version = fc.oneof(fc.constantFrom('0', '1.0-1', '1:2.3-4', '3.1.4-r5', '8.7p1-38.el9'), fc.string({ maxLength: 12 }));
  const event = fc.oneof(fc.record({ introduced: version }), fc.record({ fixed: version }), fc.record({ last_affected: version }), fc.record({ limit: version }), fc.object());
  const affected = fc.record({
    package: fc.record({ ecosystem: fc.constantFrom('Debian:12', 'Alpine:v3.19', 'Rocky Linux:9', 'npm', ''), name: fc.string({ maxLength: 10 }) }),
    ranges: fc.array(fc.record({ type: fc.constantFrom('ECOSYSTEM', 'SEMVER', 'X'), events: fc.array(event, { maxLength: 4 }) }), { maxLength: 3 }),
    versions: fc.array(version, { maxLength: 3 }),
  }, { requiredKeys: ['package'] });
  const advisory = fc.record({
    id: fc.oneof(fc.constant('DSA-1-1'), fc.string({ maxLength: 10 })),
    modified: fc.oneof(fc.constant('2026-01-01T00:00:00Z'), fc.string({ maxLength: 10 })),
    affected: fc.array(affected, { maxLength: 3 }),
    aliases: fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
  }, { requiredKeys: [] });
  fc.assert(fc.property(fc.oneof(advisory, fc.anything()), (input) => {
    try {
      const adv = parseOsv(input);
      for (const a of adv.affected ?? []) {
        const eco = parseEcosystem(a.package.ecosystem);
        if (eco) for (const v of ['0.1', '9.9']) evaluateAffected(a, v, eco.scheme);
      }
    } catch (e) {
      assert.ok(isFarsightError(e, 'OSV_INVALID'), String(e));
    }
  }), { seed: 606, numRuns: 600 });
});
