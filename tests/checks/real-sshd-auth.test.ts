// ssh-password-auth against a real OpenSSH sshd on loopback (127.6.9.2): with
// PasswordAuthentication yes it is reported, with publickey only it is not. As root, sshd
// runs as `nobody` (privilege separation needs /run/sshd otherwise), as in real-sshd.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_CHECKS } from '@farsight/scanner/checks/registry';
import { sshdSkipReason, startRealSshd } from '@farsight/scanner/service/sshd-fixture';
import { detect, hostWith, labels, runOne } from './harness.ts';

const ADDR = '127.6.9.2';
const skip = sshdSkipReason({ asNobody: true });
const check = BUILTIN_CHECKS.find((c) => c.meta.id === 'ssh-password-auth');

void test('real OpenSSH: password authentication offered vs publickey only', { skip, timeout: 60_000 }, async (t) => {
  assert.ok(check);
  const withPassword = await startRealSshd(t, { address: ADDR, asNobody: true, config: ['PasswordAuthentication yes', 'KbdInteractiveAuthentication no'] });
  const keysOnly = await startRealSshd(t, { address: ADDR, asNobody: true, config: ['PasswordAuthentication no', 'KbdInteractiveAuthentication no'] });
  const yes = await runOne(check, hostWith(ADDR, [], await detect(ADDR, withPassword.port, 'tcp')));
  assert.deepEqual(labels(yes), ['farsight-ssh-password-auth'], JSON.stringify(yes.errors));
  assert.match(yes.findings[0]?.proof ?? '', /lists: publickey,password/);
  const no = await runOne(check, hostWith(ADDR, [], await detect(ADDR, keysOnly.port, 'tcp')));
  assert.deepEqual(labels(no), [], JSON.stringify(no.errors));
});
