// The catalog is consistent: unique ids, known weakness ids, truth derived from the bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOG, WEAKNESSES, getProfile, type HttpProfile, type SshProfile } from './catalog.ts';
import { sshAlgorithmWeaknesses } from './catalog/ssh.ts';
import { isFarsightError } from '@farsight/common';
import { readFileSync } from 'node:fs';
import { BUILTIN_NETWORKS } from './networks/index.ts';

test('profile ids are unique and every weakness id is documented', () => {
  const ids = CATALOG.map((p) => p.profile);
  assert.equal(new Set(ids).size, ids.length);
  for (const p of CATALOG) {
    for (const w of [...p.weaknesses, ...(p.notWeaknesses ?? [])]) assert.ok(w in WEAKNESSES, `${p.profile}: weakness ${w} is not in WEAKNESSES`);
    assert.ok(p.description.length > 10, `${p.profile} has a description`);
    if (p.version !== null) assert.ok(p.product !== null, `${p.profile}: a version needs a product`);
  }
});

test('SSH weaknesses follow the KEXINIT lists; banners carry the version', () => {
  for (const p of CATALOG.filter((x): x is SshProfile => x.type === 'ssh')) {
    for (const w of sshAlgorithmWeaknesses(p.algorithms)) assert.ok(p.weaknesses.includes(w), `${p.profile} lacks ${w}`);
    assert.match(p.banner, /^SSH-(2\.0|1\.99)-\S/);
    if (p.version) assert.ok(p.banner.includes(p.version), `${p.profile}: banner shows ${p.version}`);
    assert.equal(p.banner.startsWith('SSH-1.99-'), p.weaknesses.includes('ssh-protocol-1'));
  }
  assert.deepEqual(sshAlgorithmWeaknesses({ kex: ['curve25519-sha256'], hostKey: ['ssh-ed25519'], ciphers: ['aes128-ctr'], macs: ['hmac-sha2-256'], compression: ['none'] }), []);
});

test('HTTP profiles: the title is in the default page and the version in what is sent', () => {
  for (const p of CATALOG.filter((x): x is HttpProfile => x.type === 'http')) {
    const root = p.pages['/'];
    assert.ok(root, `${p.profile} has a default page`);
    if (p.title) assert.ok(root.body.includes(`<title>${p.title}</title>`), `${p.profile}: title`);
    if (p.version) assert.ok(`${p.server ?? ''} ${root.body}`.includes(p.version), `${p.profile}: version ${p.version} visible`);
    assert.equal(p.trace, p.weaknesses.includes('http-trace-enabled'));
  }
});

test('getProfile names near matches for unknown ids', () => {
  assert.equal(getProfile('redis-7.2.4').type, 'redis');
  assert.throws(() => getProfile('redis-9'), (e: unknown) => isFarsightError(e, 'LABNET_SPEC_INVALID') && /did you mean redis-6\.2\.14/.test(e.message));
});

test('docs/labnet.md lists every profile, weakness id and built-in network', () => {
  const doc = readFileSync(new URL('../../../docs/labnet.md', import.meta.url), 'utf8');
  for (const p of CATALOG) assert.ok(doc.includes(`\`${p.profile}\``), `docs/labnet.md lacks profile ${p.profile}`);
  for (const w of Object.keys(WEAKNESSES)) assert.ok(doc.includes(`\`${w}\``), `docs/labnet.md lacks weakness ${w}`);
  for (const n of BUILTIN_NETWORKS) assert.ok(doc.includes(`\`${n.name}\``), `docs/labnet.md lacks network ${n.name}`);
});
