// The labnet command as a user runs it (a child process; 127.0.74.x).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tcpExchange } from './test-client.ts';

const cli = new URL('./cli.ts', import.meta.url).pathname;

interface Run { code: number | null; stdout: string; stderr: string }

/** Runs the CLI; `onOutput` may act on the child (e.g. signal it) as output arrives. */
function run(args: string[], onOutput?: (stdout: string, kill: (sig: NodeJS.Signals) => void) => void, timeoutMs = 20_000): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); onOutput?.(stdout, (sig) => child.kill(sig)); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('exit', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

// Each case is its own process; they run side by side to keep the suite short.
describe('labnet CLI', { concurrency: true }, () => {
  test('--help documents every command and option', async () => {
    const r = await run(['--help']);
    assert.equal(r.code, 0);
    for (const word of ['up <name|file>', 'truth <name|file>', 'list', 'profiles', '--ttl', '--truth', '--relocate', 'standard', 'bench-24']) assert.ok(r.stdout.includes(word), word);
  });

  test('list, profiles and truth print without starting anything', async () => {
    const list = await run(['list']);
    assert.match(list.stdout, /^standard\s+58 hosts/m);
    assert.match(list.stdout, /^bench-24\s+254 hosts/m);
    const profiles = await run(['profiles']);
    assert.match(profiles.stdout, /^openssh-8\.9p1-ubuntu-3ubuntu0\.10\s+ssh\s+22\s+OpenBSD \/ OpenSSH \/ 8\.9p1$/m);
    const truth = await run(['truth', 'bench-allports']);
    assert.equal(truth.code, 0);
    assert.equal((JSON.parse(truth.stdout) as { hosts: { address: string }[] }).hosts[0]?.address, '127.0.4.1');
  });

  test('bad input exits 2 with a message naming it', async () => {
    const cases: [string[], RegExp][] = [
      [['up'], /missing <name\|file>/],
      [['frobnicate'], /unknown command 'frobnicate'/],
      [['up', 'demo', '--ttl', 'soon'], /--ttl 'soon'/],
      [['truth', '/nonexistent/net.yaml'], /LABNET_SPEC_INVALID: "\/nonexistent\/net\.yaml" is neither a built-in network/],
      [['truth', 'demo', '--relocate', '10.1.2'], /not a loopback \/24 prefix/],
      [['list', '--bogus'], /bogus/],
    ];
    const results = await Promise.all(cases.map(([args]) => run(args)));
    for (const [i, [args, re]] of cases.entries()) {
      const r = results[i] ?? { code: null, stdout: '', stderr: '' };
      assert.equal(r.code, 2, `${args.join(' ')}: exit ${String(r.code)} ${r.stderr}`);
      assert.match(r.stderr, re);
    }
  });

  test('up runs a YAML network, writes its truth, serves, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labnet-cli-'));
    const spec = join(dir, 'net.yaml');
    const truthFile = join(dir, 'truth.json');
    writeFileSync(spec, 'name: cli-test\nhosts:\n  - address: 127.0.74.1\n    hostnames: [a.lab]\n    services:\n      - { port: 2222, profile: dropbear-2022.83 }\n  - address: 127.0.74.2\n    hostile: silent\n    ports: [9]\n');
    let banner = '';
    let signalled = false;
    const r = await run(['up', spec, '--ttl', '30', '--truth', truthFile], (out, kill) => {
      if (signalled || !out.includes('Ctrl-C to stop now')) return;
      signalled = true;
      void tcpExchange('127.0.74.1', 2222, { done: (d) => d.includes('\n') }).then((x) => { banner = x.data.toString(); kill('SIGTERM'); });
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(banner, 'SSH-2.0-dropbear_2022.83\r\n');
    assert.match(r.stdout, /127\.0\.74\.1\s+a\.lab\s+2222\/ssh Dropbear SSH 2022\.83/);
    assert.match(r.stdout, /127\.0\.74\.2\s+-\s+HOSTILE silent on 9/);
    assert.match(r.stdout, /labnet: SIGTERM, stopping\nlabnet: stopped/);
    const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as { name: string; hosts: unknown[] };
    assert.equal(truth.name, 'cli-test');
    assert.equal(truth.hosts.length, 2);
  });

  test('up stops by itself when the TTL expires', async () => {
    const r = await run(['up', 'bench-allports', '--relocate', '127.0.74', '--ttl', '1']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /127\.0\.74\.1 .*65000\/ssh/);
    assert.match(r.stdout, /labnet: stopped\n$/);
  });
});
