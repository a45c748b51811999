// `farsight scan` as a user runs it: a child process, real labnet hosts, real output.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLabnet, type Labnet } from '@farsight/labnet';

const root = new URL('../../', import.meta.url).pathname;
let net: Labnet;

function farsight(args: string[], timeoutMs = 120_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`${root}apps/cli/src/main.ts`, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => { clearTimeout(timer); resolve({ code: code ?? 1, stdout, stderr }); });
  });
}

before(async () => { net = await startLabnet('demo', { ttlSeconds: 300, relocate: '127.0.81' }); });
after(async () => { await net?.stop(); });

test('--json prints the documented document with the demo hosts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'farsight-cli-'));
  const out = join(dir, 'r.json');
  const truth = net.groundTruth();
  const r = await farsight(['scan', '127.0.81.0/24', '--json', '--no-progress', '-o', out]);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { scan: Record<string, unknown>; hosts: Array<Record<string, unknown> & { services: Array<Record<string, unknown>> }> };
  assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')).hosts, doc.hosts, '-o writes the same document');
  for (const k of ['startedAt', 'elapsedMs', 'hostsTotal', 'hostsUp', 'portsProbed', 'openPorts']) assert.ok(k in doc.scan, `scan.${k}`);
  assert.equal(doc.scan.hostsTotal, 256);
  for (const h of truth.hosts.filter((x) => x.services.some((s) => s.protocol === 'tcp'))) {
    const host = doc.hosts.find((x) => x.address === h.address);
    assert.ok(host, `${h.address} in --json output`);
    for (const k of ['address', 'hostnames', 'status', 'os', 'services', 'findings']) assert.ok(k in host, `host.${k}`);
    for (const s of host.services) for (const k of ['port', 'protocol', 'state', 'name', 'evidence']) assert.ok(k in s, `service.${k}`);
  }
});

test('the table names hosts, ports and products', async () => {
  const truth = net.groundTruth();
  const h = truth.hosts.find((x) => x.services.some((s) => s.product && s.protocol === 'tcp'));
  assert.ok(h);
  const s = h.services.find((x) => x.product && x.protocol === 'tcp');
  assert.ok(s?.product);
  const r = await farsight(['scan', h.address, '--no-progress']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`Host ${h.address.replace(/\./g, '\\.')}`));
  assert.match(r.stdout, new RegExp(`${s.port}/tcp\\s+open`));
  assert.ok(r.stdout.includes(s.product), `table mentions ${s.product}`);
  assert.match(r.stdout, /Scanned 1 address/);
});

test('bad input exits 2 with an error naming the bad token', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['scan', '012.0.0.1'], /TARGET_AMBIGUOUS.*012\.0\.0\.1/],
    [['scan', '127.0.0.300'], /127\.0\.0\.300/],
    [['scan', '127.0.0.1', '--ports', '80-70'], /PORT_SPEC_INVALID.*80-70/],
    [['scan', '127.0.0.1', '--rate', 'fast'], /INVALID_ARGUMENT.*--rate 'fast'/],
    [['scan', '127.0.0.1', '--template', 'nope'], /TEMPLATE_UNKNOWN.*nope.*full-audit/],
    [['scan'], /INVALID_ARGUMENT.*no targets/],
    [['scan', '@/nonexistent/targets.txt'], /TARGET_FILE_UNREADABLE/],
  ];
  for (const [args, re] of cases) {
    const r = await farsight(args);
    assert.equal(r.code, 2, `${args.join(' ')} → exit ${r.code}: ${r.stderr}`);
    assert.match(r.stderr, re);
  }
});

test('targets from a file and --help that documents every option', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'farsight-cli-'));
  const file = join(dir, 't.txt');
  const first = net.groundTruth().hosts[0];
  assert.ok(first);
  writeFileSync(file, `# demo host\n${first.address}\n`);
  const r = await farsight(['scan', `@${file}`, '--json', '--no-progress', '--ports', '1-1024']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { scan: { hostsTotal: number } }).scan.hostsTotal, 1);
  const help = await farsight(['scan', '--help']);
  for (const opt of ['--exclude', '--ports', '--template', '--rate', '--max-hosts', '--fingerprints', '--nmap-probes', '--json', '--output', '--no-progress', '--no-discovery']) {
    assert.ok(help.stdout.includes(opt), `--help documents ${opt}`);
  }
});
