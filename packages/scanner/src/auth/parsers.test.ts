import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { packageManagerOf, parseKeyValues, parseOsRelease, splitSections } from './parse-system.ts';
import { parseApkList, parseDpkgList, parseRpmList, rpmSourceName } from './parse-packages.ts';
import { parseChangelogCves, parseSockets } from './parse-sockets.ts';
import { shQuote } from './commands.ts';

const S = (o: Record<string, string>): Map<string, string> => new Map(Object.entries(o));

test('os-release and its fallbacks', () => {
  const table: [Map<string, string>, string | undefined, string | undefined, string | undefined][] = [
    [S({ 'os-release': 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"' }), 'debian', '12', '/etc/os-release'],
    [S({ 'os-release': "ID='ubuntu'\nVERSION_ID='22.04'\nID_LIKE=debian" }), 'ubuntu', '22.04', '/etc/os-release'],
    [S({ 'os-release': 'ID="rocky"\nVERSION_ID="9.3"\nID_LIKE="rhel centos fedora"' }), 'rocky', '9.3', '/etc/os-release'],
    [S({ 'os-release': '', 'lsb-release': 'DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=14.04\nDISTRIB_DESCRIPTION="Ubuntu 14.04.6 LTS"' }), 'ubuntu', '14.04', '/etc/lsb-release'],
    [S({ 'redhat-release': 'CentOS release 6.10 (Final)' }), 'centos', '6.10', '/etc/redhat-release'],
    [S({ 'redhat-release': 'Red Hat Enterprise Linux Server release 7.9 (Maipo)' }), 'rhel', '7.9', '/etc/redhat-release'],
    [S({ 'redhat-release': 'Rocky Linux release 8.9 (Green Obsidian)' }), 'rocky', '8.9', '/etc/redhat-release'],
    [S({ 'alpine-release': '3.8.5' }), 'alpine', '3.8.5', '/etc/alpine-release'],
    [S({ 'debian_version': '8.11' }), 'debian', '8', '/etc/debian_version'],
    [S({ 'debian_version': 'bookworm/sid' }), undefined, undefined, undefined],
    [S({ 'os-release': 'ID=$(reboot)' }), undefined, undefined, undefined],
    [S({}), undefined, undefined, undefined],
  ];
  for (const [sections, id, version, source] of table) {
    const os = parseOsRelease(sections);
    assert.equal(os?.id, id, JSON.stringify([...sections]));
    assert.equal(os?.versionId, version);
    assert.equal(os?.source, source);
  }
  assert.equal(parseKeyValues('PRETTY_NAME="A \\"quoted\\" name"').get('PRETTY_NAME'), 'A "quoted" name');
  assert.deepEqual([...splitSections('junk\n@@a\n1\n2\n@@b\n\n@@end\n')], [['a', '1\n2'], ['b', '']]);
  assert.equal(packageManagerOf({ id: 'linuxmint', idLike: ['ubuntu', 'debian'], source: 'x' }), 'dpkg');
  assert.equal(packageManagerOf({ id: 'almalinux', source: 'x' }), 'rpm');
  assert.equal(packageManagerOf({ id: 'alpine', source: 'x' }), 'apk');
  assert.equal(packageManagerOf({ id: 'gentoo', source: 'x' }), undefined);
});

test('dpkg, rpm and apk listings', () => {
  const d = parseDpkgList('openssh-server\t1:9.2p1-2+deb12u3\topenssh\t1:9.2p1-2+deb12u3\tamd64\tii \n'
    + 'libc6:amd64\t2.36-9+deb12u7\tglibc\t2.36-9+deb12u7\tamd64\tii \n'
    + 'old\t1.0\told\t1.0\tall\trc \n'
    + 'bad name\t1.0\tx\t1.0\tall\tii \n'
    + 'binnmu\t1.2-3+b1\tbinnmu-src\t1.2-3\tamd64\tiW \n');
  assert.deepEqual(d.packages.map((p) => `${p.name} ${p.version} ${p.source} ${p.sourceVersion}`), [
    'openssh-server 1:9.2p1-2+deb12u3 openssh 1:9.2p1-2+deb12u3', 'libc6:amd64 2.36-9+deb12u7 glibc 2.36-9+deb12u7', 'binnmu 1.2-3+b1 binnmu-src 1.2-3']);
  assert.equal(d.skipped, 1);
  const r = parseRpmList('openssh\t(none)\t8.7p1\t38.el9_4.1\tx86_64\topenssh-8.7p1-38.el9_4.1.src.rpm\n'
    + 'shadow-utils\t2\t4.9\t8.el9\tx86_64\tshadow-utils-4.9-8.el9.src.rpm\n'
    + 'gpg-pubkey\t(none)\t350d275d\t6279464b\t(none)\t(none)\n'
    + 'broken\tx\t1\t1\tx86_64\t\n');
  assert.deepEqual(r.packages.map((p) => `${p.name} ${p.version} ${p.arch ?? '-'} ${p.source ?? '-'}`), [
    'openssh 8.7p1-38.el9_4.1 x86_64 openssh', 'shadow-utils 2:4.9-8.el9 x86_64 shadow-utils', 'gpg-pubkey 350d275d-6279464b - -']);
  assert.equal(r.skipped, 1);
  assert.equal(rpmSourceName('kernel-5.14.0-362.8.1.el9_3.src.rpm'), 'kernel');
  assert.equal(rpmSourceName('(none)'), undefined);
  const a = parseApkList('@@apk-db\nP:libssl3\nV:3.1.4-r5\nA:x86_64\no:openssl\nP:musl\nV:1.2.4-r2\nP:\nV:1\n');
  assert.deepEqual(a.packages.map((p) => `${p.name} ${p.version} ${p.source ?? '-'}`), ['libssl3 3.1.4-r5 openssl', 'musl 1.2.4-r2 -']);
  assert.equal(a.skipped, 1);
  const i = parseApkList('@@apk-info\nmusl-1.2.4_git20230717-r4\nlibssl3-3.1.4-r5\nca-certificates-bundle-20240226-r0\nnonsense\n');
  assert.deepEqual(i.packages.map((p) => `${p.name} ${p.version}`), ['musl 1.2.4_git20230717-r4', 'libssl3 3.1.4-r5', 'ca-certificates-bundle 20240226-r0']);
  assert.equal(i.skipped, 1);
});

test('sockets from ss and netstat', () => {
  const s = parseSockets('tcp   LISTEN 0 128 0.0.0.0:22 0.0.0.0:*\ntcp   ESTAB 0 0 127.0.9.9:22 127.0.9.8:5000\n'
    + 'udp   UNCONN 0 0 [fe80::1%eth0]:546 [::]:*\ntcp LISTEN 0 4096 *:9100 *:*\ntcp LISTEN 0 128 0.0.0.0:22 0.0.0.0:*\n'
    + 'tcp6       0      0 :::80                   :::*                    LISTEN\nudp        0      0 0.0.0.0:68              0.0.0.0:*\n'
    + 'Proto Recv-Q Send-Q Local Address Foreign Address State\n');
  assert.deepEqual(s.map((x) => `${x.protocol} ${x.address} ${x.port}`), ['tcp 0.0.0.0 22', 'tcp :: 80', 'tcp 0.0.0.0 9100', 'udp 0.0.0.0 68', 'udp fe80::1 546']);
});

test('changelog CVE pipeline output', () => {
  const out = parseChangelogCves('@@/usr/share/doc/openssh-server/changelog.Debian.gz\nopenssh (1:9.2p1-2+deb12u3)\nCVE-2024-6387\nCVE-2024-6387\n'
    + 'openssh (1:9.2p1-2+deb12u2)\nopenssh (1:9.2p1-2+deb12u1)\nCVE-2023-38408\nCVE-2023-28531\n'
    + '@@/usr/share/doc/bash/changelog.Debian.gz\nbash (5.2.15-2)\n@@/etc/passwd\nCVE-2020-0001\nstray text\n');
  assert.deepEqual(out['openssh-server'], [
    { source: 'openssh', version: '1:9.2p1-2+deb12u3', cves: ['CVE-2024-6387'] },
    { source: 'openssh', version: '1:9.2p1-2+deb12u1', cves: ['CVE-2023-38408', 'CVE-2023-28531'] },
  ]);
  assert.equal(out.bash, undefined);
  assert.deepEqual(Object.keys(out), ['openssh-server']);
});

test('property: parsers never throw on hostile text and shQuote round-trips through sh quoting rules', () => {
  fc.assert(fc.property(fc.string({ maxLength: 400 }), (t) => {
    parseDpkgList(t); parseRpmList(t); parseApkList(t); parseSockets(t); parseChangelogCves(t);
    parseOsRelease(splitSections(t));
  }), { seed: 66, numRuns: 400 });
  fc.assert(fc.property(fc.string({ maxLength: 60 }), (t) => {
    const q = shQuote(t);
    assert.ok(q.startsWith("'") && q.endsWith("'"));
    assert.equal(q.slice(1, -1).replaceAll("'\\''", "'"), t);
  }), { seed: 67, numRuns: 300 });
});
