// `farsight engine` with bad settings (flags, pairing file, environment) ends with exit status 2
// like every other bad-input error of the CLI (apps/cli/src/errors.ts), and says what is wrong.
// No network: every case fails before the engine dials or listens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = new URL('../../apps/cli/src/main.ts', import.meta.url).pathname;
const FP = Array.from({ length: 32 }, () => 'AB').join(':');

function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['--disable-warning=ExperimentalWarning', CLI, 'engine', ...args], {
      env: { ...process.env, FARSIGHT_CONSOLE_DETECT_PORTS: '', FARSIGHT_CONSOLE_HOST: '', FARSIGHT_CONSOLE_SECRET: '', FARSIGHT_CONSOLE_CA_FINGERPRINT: '', NEXPOSE_CONSOLE_HOST: '', NEXPOSE_CONSOLE_SECRET: '', ...env },
      timeout: 60_000,
    }, (_e, _out, stderr) => resolve({ code: child.exitCode, stderr }));
  });
}

test('farsight engine: ENGINE_CONFIG_INVALID (flags, pairing file, environment) exits with status 2', { timeout: 180_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'farsight-h11-exit-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const badFile = join(dir, 'pairing.env');
  writeFileSync(badFile, 'this is not NAME=value\n');
  const cases: Array<{ name: string; args: string[]; env?: NodeJS.ProcessEnv; want: RegExp }> = [
    { name: 'secret and fingerprint missing', args: ['--console-host', '127.14.0.1'], want: /pairing needs --console-secret/ },
    { name: 'bad fingerprint flag', args: ['--console-host', '127.14.0.1', '--console-secret', 'abcdefgh1234', '--console-ca-fingerprint', 'nope'], want: /must be a SHA-256 fingerprint/ },
    { name: 'bad console port', args: ['--console-host', '127.14.0.1', '--console-port', '70000', '--console-secret', 'abcdefgh1234', '--console-ca-fingerprint', FP], want: /console port '70000'/ },
    { name: 'malformed pairing file', args: ['--pairing-file', badFile], want: /pairing file line 1/ },
    { name: 'bad host in the environment', args: [], env: { FARSIGHT_CONSOLE_HOST: 'bad host!', FARSIGHT_CONSOLE_SECRET: 'abcdefgh1234', FARSIGHT_CONSOLE_CA_FINGERPRINT: FP }, want: /console host 'bad host!'/ },
  ];
  const results = await Promise.all(cases.map((c, i) => run([...c.args, '--data-dir', join(dir, `d${i}`), '--no-listen'], c.env)));
  for (const [i, c] of cases.entries()) {
    const r = results[i] as { code: number | null; stderr: string };
    assert.match(r.stderr, /error ENGINE_CONFIG_INVALID: /, `${c.name}: ${r.stderr}`);
    assert.match(r.stderr, c.want, c.name);
    assert.equal(r.code, 2, `${c.name}: exit status`);
  }
});
