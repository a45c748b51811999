import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScanReport } from '@farsight/scanner/types';
import { writeReportFile, writeReportJson } from './json-stream.ts';

const scan = { startedAt: 'a', finishedAt: 'b', elapsedMs: 1, template: 't', targetsSpecified: ['127.0.0.1'], exclusions: [], hostsTotal: 2, hostsUp: 2, hostsDown: 0, portsProbed: 2, openPorts: 1, servicesIdentified: 0, probesPerSecond: 1, rateLimit: 0, maxParallelHosts: 1, outOfScope: 0, farsightVersion: '0' };
const host = (address: string): ScanReport['hosts'][number] => ({ address, hostnames: ['x "quoted"\n'], status: 'up', reason: 'r', os: {}, services: [{ port: 22, protocol: 'tcp', state: 'open', name: 'ssh', evidence: [{ probe: 'p', key: 'k', value: 'v\u0000' }] }], findings: [] });

async function collect(report: ScanReport): Promise<string> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => { text += d.toString(); });
  await writeReportJson(report, out);
  return text;
}

test('streamed JSON is byte-identical to JSON.stringify(report, null, 2)', async () => {
  for (const hosts of [[], [host('127.0.0.1')], [host('127.0.0.1'), host('127.0.0.2')]]) {
    const report: ScanReport = { scan, hosts };
    assert.equal(await collect(report), `${JSON.stringify(report, null, 2)}\n`);
  }
});

test('writeReportFile writes the same document and reports unwritable paths', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'farsight-json-'));
  const report: ScanReport = { scan, hosts: [host('127.0.0.1')] };
  await writeReportFile(report, join(dir, 'r.json'));
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')), report);
  await assert.rejects(writeReportFile(report, join(dir, 'missing', 'r.json')), /ENOENT/);
});
