import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distroFromHostOs, distroFromText, opensshDistroBuild } from './distro.ts';

test('OpenSSH identification comments of Debian and Ubuntu builds (table)', () => {
  const rows: Array<[string, string, Record<string, string> | undefined]> = [
    ['8.9p1', 'Ubuntu-3ubuntu0.10', { distro: 'ubuntu', release: '22.04', packageVersion: '1:8.9p1-3ubuntu0.10' }],
    ['8.2p1', 'Ubuntu-4ubuntu0.5', { distro: 'ubuntu', release: '20.04', packageVersion: '1:8.2p1-4ubuntu0.5' }],
    ['9.6p1', 'Ubuntu-3ubuntu13.5', { distro: 'ubuntu', release: '24.04', packageVersion: '1:9.6p1-3ubuntu13.5' }],
    ['9.2p1', 'Debian-2+deb12u2', { distro: 'debian', release: '12', packageVersion: '1:9.2p1-2+deb12u2' }],
    ['8.4p1', 'Debian-5+deb11u3', { distro: 'debian', release: '11', packageVersion: '1:8.4p1-5+deb11u3' }],
    ['9.2p1', 'Debian-2', { distro: 'debian', release: '12', packageVersion: '1:9.2p1-2' }],
    ['7.9p1', 'Debian-10+deb10u4', { distro: 'debian', release: '10', packageVersion: '1:7.9p1-10+deb10u4' }],
    ['5.5p1', 'Ubuntu-9', { distro: 'ubuntu', packageVersion: '1:5.5p1-9' }],
    ['9.8', 'FreeBSD-20240701', { distro: 'freebsd' }],
    ['7.9p1', 'Raspbian-10+deb10u2', { distro: 'raspbian' }],
    ['8.9p1', 'hpn14v15', undefined],
  ];
  for (const [upstream, comment, want] of rows) {
    const b = opensshDistroBuild(upstream, comment);
    if (!want) { assert.equal(b, undefined, comment); continue; }
    assert.ok(b, comment);
    for (const [k, v] of Object.entries(want)) assert.equal((b as unknown as Record<string, string>)[k], v, `${comment} ${k}`);
    if (!want.release) assert.equal(b.release, undefined, `${comment} release unknown`);
    if (!want.packageVersion) assert.equal(b.packageVersion, undefined, `${comment} no package version`);
  }
  assert.equal(opensshDistroBuild('8.9p1', 'Ubuntu-3ubuntu0.10;rm')?.packageVersion, undefined, 'a revision with odd characters is not trusted as a package version');
});

test('distributions named in Server headers and banners; revision never visible', () => {
  const rows: Array<[string, string | undefined, string | undefined]> = [
    ['Apache/2.4.37 (Red Hat Enterprise Linux) OpenSSL/1.1.1k', 'rhel', undefined],
    ['Apache/2.4.6 (CentOS) OpenSSL/1.0.2k-fips', 'centos', undefined],
    ['Apache/2.4.57 (Debian)', 'debian', undefined],
    ['nginx/1.18.0 (Ubuntu)', 'ubuntu', undefined],
    ['Apache/2.4.58 (Fedora Linux)', 'fedora', undefined],
    ['8.0.36-0ubuntu0.22.04.1', 'ubuntu', '22.04'],
    ['Apache/2.4.62 (Debian) +deb12u1', 'debian', '12'],
    ['Apache/2.4.41 (Unix)', undefined, undefined],
    ['Microsoft-IIS/10.0', undefined, undefined],
  ];
  for (const [text, distro, release] of rows) {
    const b = distroFromText(text);
    assert.equal(b?.distro, distro, text);
    assert.equal(b?.release, release, `${text} release`);
    assert.equal(b?.packageVersion, undefined);
  }
});

test('host OS guesses of backporting distributions', () => {
  assert.deepEqual(distroFromHostOs({ vendor: 'Ubuntu', product: 'Linux', version: '22.04' }), { distro: 'ubuntu', release: '22.04', source: 'host-os', evidence: 'Ubuntu Linux 22.04' });
  assert.equal(distroFromHostOs({ vendor: 'Debian', product: 'Linux', version: '12.0' })?.release, '12');
  assert.equal(distroFromHostOs({ vendor: 'Red Hat', product: 'Enterprise Linux', version: '8' })?.distro, 'rhel');
  assert.equal(distroFromHostOs({ vendor: 'Microsoft', product: 'Windows' }), undefined);
  assert.equal(distroFromHostOs({}), undefined);
});
