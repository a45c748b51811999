import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFarsightError } from '@farsight/common';
import { parseNmapProbes, parsePortList, unescapePayload } from './probes-parse.ts';
import { parseVersionInfo, substitute } from './version-info.ts';
import { FIXTURE } from './fixture.test-data.ts';

test('parses probes, payloads, ports, sslports, rarity, fallback and Exclude', () => {
  const spec = parseNmapProbes(FIXTURE, 'fixture');
  assert.equal(spec.exclude, 'T:9100-9107');
  assert.deepEqual(spec.probes.map((p) => `${p.protocol}:${p.name}`), ['TCP:NULL', 'TCP:GetRequest', 'TCP:HTTPOptions', 'UDP:DNSVersionBindReq']);
  const [nullProbe, get, options, dns] = spec.probes;
  assert.equal(nullProbe?.payload.length, 0);
  assert.equal(nullProbe?.totalwaitms, 6000);
  assert.equal(nullProbe?.tcpwrappedms, 3000);
  assert.equal(nullProbe?.matches.length, 8);
  assert.equal(Buffer.from(get?.payload ?? []).toString('latin1'), 'GET / HTTP/1.0\r\n\r\n');
  assert.deepEqual(get?.ports, [80, 81, 82, 83, 84, 85, 8080]);
  assert.deepEqual(get?.sslports, [443]);
  assert.equal(get?.rarity, 1);
  assert.deepEqual(options?.fallback, ['GetRequest']);
  assert.deepEqual([...(dns?.payload ?? [])].slice(0, 8), [0, 6, 1, 0, 0, 1, 0, 0]);
  assert.equal(dns?.payload.length, 30);
  const ssh = nullProbe?.matches[0];
  assert.equal(ssh?.service, 'ssh');
  assert.equal(ssh?.soft, false);
  assert.equal(ssh?.line, 7);
  assert.deepEqual(ssh?.version.cpe, ['a:openbsd:openssh:$2', 'o:linux:linux_kernel']);
  assert.equal(nullProbe?.matches[1]?.soft, true);
  assert.equal(nullProbe?.matches[5]?.flags, 's');
  assert.equal(nullProbe?.matches[6]?.pattern, '^WEIRD ([\\w_]+)$', 'any delimiter, here =');
});

test('payload escapes and port lists', () => {
  assert.deepEqual([...unescapePayload('a\\0\\x41\\r\\n\\t\\\\\\|')], [0x61, 0, 0x41, 13, 10, 9, 0x5c, 0x7c]);
  assert.deepEqual(parsePortList('1,3-5, 7 ,x,65535-70000'), [1, 3, 4, 5, 7, 65535]);
});

test('version info fields with any delimiter, cpe "a" flag, and substitutions', () => {
  assert.deepEqual(parseVersionInfo(' p/Apache httpd/ v/$1/ i|x/y| h/$2/ o/Linux/ d/router/ cpe:/a:apache:http_server:$1/a cpe:|o:linux:linux_kernel|'), {
    p: 'Apache httpd', v: '$1', i: 'x/y', h: '$2', o: 'Linux', d: 'router', cpe: ['a:apache:http_server:$1', 'o:linux:linux_kernel'],
  });
  assert.equal(parseVersionInfo(' p/unterminated'), undefined);
  assert.equal(parseVersionInfo(' z/unknown field/'), undefined);
  const g = (n: number): string | undefined => ['', '1_2_3', 'a\x01b', '\x01\x00', undefined][n];
  assert.equal(substitute('v$1 $4.', g), 'v1_2_3 .');
  assert.equal(substitute('$SUBST(1,"_",".")', g), '1.2.3');
  assert.equal(substitute('$P(2)', g), 'ab');
  assert.equal(substitute('$I(3,">")/$I(3,"<")', g), '256/1');
});

test('malformed files are rejected with the line number (NMAP_PROBES_INVALID)', () => {
  const bad = (text: string, line: number): void => {
    assert.throws(() => parseNmapProbes(text, 'probes'), (e: unknown) => isFarsightError(e, 'NMAP_PROBES_INVALID') && e.message.includes(`probes:${line}:`));
  };
  bad('match ssh m|^SSH|\n', 1);
  bad('Probe TCP NULL q||\nmatch ssh m|^SSH\n', 2);
  bad('Probe TCP NULL q||\nmatch ssh |^SSH|\n', 2);
  bad('Probe TCP NULL q||\nmatch ssh m|^SSH| p/unterminated\n', 2);
  bad('Probe SCTP X q||\n', 1);
  bad('Probe TCP X q|abc\n', 1);
  bad('Probe TCP NULL q||\n\nfrobnicate 1\n', 3);
});
