// Detection against a real OpenSSH sshd on loopback (skipped where sshd is not installed).
// As root, sshd insists on /run/sshd for privilege separation; we run it as `nobody` instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FingerprintDb } from '@farsight/content';
import { guessOs } from '../os/index.ts';
import { detectTcpService } from './detect-tcp.ts';
import { sshdSkipReason, startRealSshd } from './sshd-fixture.ts';

const ADDR = '127.0.6.2';
const skip = sshdSkipReason({ asNobody: true });

void test('a real OpenSSH: identification, KEXINIT lists, fingerprint and OS', { skip, timeout: 30_000 }, async (t) => {
  const { port } = await startRealSshd(t, { address: ADDR, asNobody: true });

  const db = await FingerprintDb.builtin();
  const r = await detectTcpService(ADDR, port, { matcher: db, assertInScope: () => {}, readTimeoutMs: 2000, totalTimeoutMs: 8000 });
  assert.equal(r.name, 'ssh');
  assert.equal(r.product, 'OpenSSH');
  assert.match(r.banner ?? '', /^SSH-2\.0-OpenSSH_\S+/);
  assert.equal(r.ssh?.protoVersion, '2.0');
  assert.ok(r.ssh?.kexAlgorithms.includes('curve25519-sha256'), r.ssh?.kexAlgorithms.join(','));
  assert.ok(r.ssh?.hostKeyAlgorithms.includes('ssh-ed25519'), r.ssh?.hostKeyAlgorithms.join(','));
  assert.ok((r.ssh?.ciphers.length ?? 0) > 0 && (r.ssh?.macs.length ?? 0) > 0);
  assert.ok(r.ssh?.compression.includes('none'));
  assert.equal(r.note, undefined);
  // The machine's own sshd names its distribution in the comment (Debian here): the OS guess follows it.
  if (/Debian-|Ubuntu-/.test(r.ssh?.comments ?? '')) assert.ok(guessOs([r])?.vendor);
});
